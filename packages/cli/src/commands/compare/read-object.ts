import {
  FlotillaError,
  resourcePath,
  type ClusterSession,
  type FleetOperations,
  type KubeObjectLike,
  type ResolvedResource,
} from '@flotilla/cluster-core';

/** One cluster's copy of the object, or null when the cluster answered that it has none. */
export interface ClusterCopy {
  resource: ResolvedResource;
  object: KubeObjectLike | null;
}

/**
 * Reads one object from one cluster. A 404 for the object is an answer ("not here"), not a failure;
 * a kind the cluster does not serve stays that cluster's `not-found` error, so "absent" always
 * means the cluster was asked and said so.
 */
export async function readCopy(
  fleet: FleetOperations,
  session: ClusterSession,
  kind: string,
  name: string,
  namespace: string,
  signal: AbortSignal,
): Promise<ClusterCopy> {
  const resource = await fleet.discovery.of(session).resolve(kind, signal);
  try {
    const response = await session.request<KubeObjectLike>({
      path: resourcePath(resource, { namespace, name }),
      signal,
      source: 'compare',
      resourceKind: resource.kind,
    });
    return { resource, object: response.body };
  } catch (error) {
    if (error instanceof FlotillaError && error.status === 404) return { resource, object: null };
    throw error;
  }
}
