import type { FleetStoreItem, KubeObjectLike } from './types';

export type SortKey = 'name' | 'namespace' | 'cluster' | 'creationTimestamp';

/** A built-in order (ties broken by namespace, name, cluster) or a comparator of your own. */
export type SortSpec<T extends KubeObjectLike = KubeObjectLike> =
  | SortKey
  | { by: SortKey; direction?: 'asc' | 'desc' }
  | ((a: FleetStoreItem<T>, b: FleetStoreItem<T>) => number);

export type GroupBy = 'cluster' | 'namespace' | { label: string };

export interface FleetGroup<T extends KubeObjectLike = KubeObjectLike> {
  /** clusterId, namespace (`''` for cluster-scoped) or label value; null when the label is absent. */
  readonly key: string | null;
  /** What to show: the cluster name for cluster groups, the key otherwise. */
  readonly label: string;
  readonly items: readonly FleetStoreItem<T>[];
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const FIELDS: Record<SortKey, (item: FleetStoreItem) => string> = {
  name: (item) => item.object.metadata.name,
  namespace: (item) => item.object.metadata.namespace ?? '',
  cluster: (item) => item.clusterName,
  // RFC 3339 timestamps in UTC order correctly as strings.
  creationTimestamp: (item) => item.object.metadata.creationTimestamp ?? '',
};

/** The deterministic order every result ends in, so equal contents give equal arrays. */
function tieBreak(a: FleetStoreItem, b: FleetStoreItem): number {
  return (
    cmp(a.object.metadata.namespace ?? '', b.object.metadata.namespace ?? '') ||
    cmp(a.object.metadata.name, b.object.metadata.name) ||
    cmp(a.clusterName, b.clusterName) ||
    cmp(a.clusterId, b.clusterId)
  );
}

export function compareItems<T extends KubeObjectLike>(
  spec: SortSpec<T> | undefined,
): (a: FleetStoreItem<T>, b: FleetStoreItem<T>) => number {
  if (typeof spec === 'function') return (a, b) => spec(a, b) || tieBreak(a, b);
  const { by, direction } =
    typeof spec === 'string' ? { by: spec, direction: 'asc' } : (spec ?? { by: 'name' });
  const field = FIELDS[by];
  const sign = direction === 'desc' ? -1 : 1;
  return (a, b) => sign * cmp(field(a), field(b)) || tieBreak(a, b);
}

function groupKey(item: FleetStoreItem, groupBy: GroupBy): string | null {
  if (groupBy === 'cluster') return item.clusterId;
  if (groupBy === 'namespace') return item.object.metadata.namespace ?? '';
  return item.object.metadata.labels?.[groupBy.label] ?? null;
}

/** Groups sorted items, keeping their order inside each group; groups by key, absent label last. */
export function groupItems<T extends KubeObjectLike>(
  items: readonly FleetStoreItem<T>[],
  groupBy: GroupBy,
): FleetGroup<T>[] {
  const groups = new Map<string | null, { label: string; items: FleetStoreItem<T>[] }>();
  for (const item of items) {
    const key = groupKey(item, groupBy);
    let group = groups.get(key);
    if (!group) {
      group = { label: groupBy === 'cluster' ? item.clusterName : (key ?? '(none)'), items: [] };
      groups.set(key, group);
    }
    group.items.push(item);
  }
  return [...groups]
    .map(([key, group]) => ({ key, label: group.label, items: group.items }))
    .sort((a, b) => (a.key === null ? 1 : b.key === null ? -1 : cmp(a.label, b.label) || cmp(a.key, b.key)));
}
