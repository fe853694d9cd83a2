import type { ClusterManager } from '../cluster-manager';

/**
 * The clusters a view is about, in display order (name, then id): the ids given, deduplicated —
 * unknown ones included, so they can be shown as errors — or every cluster of the fleet now.
 */
export function viewTargets(manager: ClusterManager, clusters: readonly string[] | undefined): string[] {
  const ids = clusters ? [...new Set(clusters)] : manager.list().map((session) => session.clusterId);
  const named = ids.map((id) => ({ id, name: manager.get(id)?.clusterName ?? id }));
  named.sort((a, b) => compare(a.name, b.name) || compare(a.id, b.id));
  return named.map((entry) => entry.id);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A plain copy of a query, so a snapshot never shares an object its caller may change later. */
export function copyQuery<Q extends { clusters?: readonly string[] | undefined }>(query: Q): Q {
  return { ...query, ...(query.clusters ? { clusters: [...query.clusters] } : {}) };
}
