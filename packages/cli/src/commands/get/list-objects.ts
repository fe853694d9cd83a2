import {
  listAll,
  resourcePath,
  type ClusterSession,
  type FleetOperations,
  type KubeObjectLike,
  type ResolvedResource,
} from '@flotilla/cluster-core';

/** What one cluster answered: how it resolved the kind, and the objects. */
export interface ClusterObjects {
  resource: ResolvedResource;
  items: KubeObjectLike[];
}

export interface ObjectQuery {
  /** What the user typed: `pods`, `po`, `deploy`, `crontabs.stable.example.com` … */
  kind: string;
  /** One object by name instead of a list. */
  name?: string | undefined;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
}

/**
 * Reads `query` from one cluster: the kind is resolved by that cluster's own discovery (a kind one
 * cluster lacks is that cluster's `not-found`, not everyone's), then listed (every page) or read
 * by name. `namespace` undefined means all namespaces; cluster-scoped kinds ignore it.
 */
export async function readObjects(
  fleet: FleetOperations,
  session: ClusterSession,
  query: ObjectQuery,
  namespace: string | undefined,
  signal: AbortSignal,
): Promise<ClusterObjects> {
  const resource = await fleet.discovery.of(session).resolve(query.kind, signal);
  if (query.name !== undefined) {
    const response = await session.request<KubeObjectLike>({
      path: resourcePath(resource, { namespace, name: query.name }),
      signal,
      source: 'get',
      resourceKind: resource.kind,
    });
    return { resource, items: [response.body] };
  }
  const items = await listAll<KubeObjectLike>(
    session,
    resource,
    {
      ...(namespace !== undefined ? { namespace } : {}),
      ...(query.labelSelector ? { labelSelector: query.labelSelector } : {}),
      ...(query.fieldSelector ? { fieldSelector: query.fieldSelector } : {}),
    },
    signal,
  );
  return { resource, items };
}

/** `pod`, `deployment.apps`: how kubectl's `-o name` names a resource type. */
export function typeName(resource: Pick<ResolvedResource, 'kind' | 'group'>): string {
  const kind = resource.kind.toLowerCase();
  return resource.group ? `${kind}.${resource.group}` : kind;
}
