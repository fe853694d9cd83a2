import { DEFAULT_CLASSIFIERS, type DistributionCell } from '../comparison/distribution';
import { diffObjects, MISSING, type DiffEntry, type ObjectComparison } from '../comparison/object-diff';
import type { ClusterSlice } from '../fleet-cache/cluster-slice';
import type { FleetStoreItem, KubeObjectLike } from '../fleet-store/types';
import type { ComparisonQuery } from './fleet-client';

/** Counts per cluster with the status breakdown of its kind (pod phases, workloads ready or not). */
export function distributionOf(slices: readonly ClusterSlice[]): DistributionCell[] {
  return slices.map(({ status, items }) => {
    const breakdown: Record<string, number> = {};
    for (const item of items) {
      const key = DEFAULT_CLASSIFIERS[item.kind]?.(item);
      if (key !== undefined) breakdown[key] = (breakdown[key] ?? 0) + 1;
    }
    return {
      clusterId: status.clusterId,
      clusterName: status.clusterName,
      status: status.status,
      count: status.count,
      breakdown,
      ...(status.error ? { error: status.error } : {}),
    };
  });
}

/**
 * The object named by the query in each cluster. Without a namespace, a cluster-scoped object
 * wins, else the namespace of the first cluster (in display order) that has one of that name.
 */
export function findNamed(
  slices: readonly ClusterSlice[],
  query: ComparisonQuery,
): { namespace: string | undefined; objects: Map<string, FleetStoreItem> } | null {
  const name = query.name;
  if (name === undefined) return null;
  const named = slices.flatMap((slice) => slice.items.filter((item) => item.object.metadata.name === name));
  const namespace =
    query.namespace ??
    (named.some((item) => !item.object.metadata.namespace) ? undefined : named[0]?.object.metadata.namespace);
  const objects = new Map<string, FleetStoreItem>();
  for (const item of named)
    if ((item.object.metadata.namespace ?? undefined) === namespace) objects.set(item.clusterId, item);
  return { namespace, objects };
}

/**
 * A structured diff of the named object across the targeted clusters: those holding it are
 * compared; the others are listed with `present: false` and their status, so "absent" from a
 * cluster in error is not read as "deleted there". Plain data: a path one cluster lacks is left
 * out of that entry's `values` rather than marked with a symbol, so it survives JSON.
 */
export function comparisonOf(
  slices: readonly ClusterSlice[],
  query: ComparisonQuery,
  kind: string,
  options: { keepMissingMarker?: boolean } = {},
): ObjectComparison | null {
  const found = findNamed(slices, query);
  if (!found || query.name === undefined) return null;
  const compared: Record<string, KubeObjectLike | undefined> = {};
  for (const slice of slices) {
    const item = found.objects.get(slice.status.clusterId);
    if (item) compared[slice.status.clusterId] = item.object;
  }
  const raw = Object.keys(compared).length > 1 ? diffObjects(compared) : [];
  const diff = options.keepMissingMarker ? raw : raw.map(withoutMissing);
  const clusters = slices.map(({ status }) => ({
    clusterId: status.clusterId,
    clusterName: status.clusterName,
    present: found.objects.has(status.clusterId),
    status: status.status,
    ...(status.error ? { error: status.error } : {}),
  }));
  return {
    kind,
    ref: { ...(found.namespace !== undefined ? { namespace: found.namespace } : {}), name: query.name },
    clusters,
    diff,
    partial: clusters.some((cluster) => cluster.status !== 'ok'),
  };
}

function withoutMissing(entry: DiffEntry): DiffEntry {
  const values: Record<string, unknown> = {};
  for (const [id, value] of Object.entries(entry.values)) if (value !== MISSING) values[id] = value;
  return { path: entry.path, values };
}
