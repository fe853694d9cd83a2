import type { SerializedFlotillaError } from '../errors';
import type { Bucket } from './bucket';
import type { ClusterRef } from './fleet-store';
import { matchesLabelSelector, parseLabelSelector, type LabelSelector, type Labels } from './label-selector';
import { compareItems, groupItems, type FleetGroup, type GroupBy, type SortSpec } from './query-order';
import type { FleetStoreItem, KubeObjectLike, SyncStateName } from './types';

export type ClusterLabelMap = ReadonlyMap<string, Labels> | Readonly<Record<string, Labels>>;

export interface FleetQuery<T extends KubeObjectLike = KubeObjectLike> {
  /** The kind key (`Pod`, `apps/Deployment`). */
  kind: string;
  /** Cluster ids to target; every cluster the store knows when absent. Unknown ids are reported as syncing. */
  clusters?: readonly string[];
  /** Cluster groups: targets clusters whose labels (from `labels`) match `selector`. */
  clusterSelector?: { labels: ClusterLabelMap; selector: string | LabelSelector };
  clusterFilter?: (cluster: ClusterRef) => boolean;
  /** `''` selects cluster-scoped objects. */
  namespaces?: readonly string[];
  /** kubectl `-l` syntax or a parsed selector. */
  labelSelector?: string | LabelSelector;
  /** Field predicates; an item must pass all of them. */
  where?: ((item: FleetStoreItem<T>) => boolean) | ReadonlyArray<(item: FleetStoreItem<T>) => boolean>;
  /** Case-insensitive substring of the name, namespace, a label key or a label value. */
  text?: string;
  /** Defaults to name order; `false` skips sorting (counting, exports that sort themselves). */
  sort?: SortSpec<T> | false;
  groupBy?: GroupBy;
}

/**
 * `skipped`: the cluster is targeted but deliberately not read (live views leave clusters that are
 * not connected alone); never produced by the store itself.
 */
export type ClusterQueryStatusName = 'ok' | 'error' | 'syncing' | 'stale' | 'skipped';

/** One entry per targeted cluster, even when it holds nothing or failed. */
export interface ClusterQueryStatus {
  readonly clusterId: string;
  readonly clusterName: string;
  readonly status: ClusterQueryStatusName;
  /** Matching items held for this cluster (the last known ones when it is in error or stale). */
  readonly count: number;
  /** When the cluster entered this status; null for a cluster the store has not heard of. */
  readonly since: number | null;
  readonly error?: SerializedFlotillaError;
  /** Why a `skipped` cluster is left out, e.g. `not connected (idle)`. */
  readonly reason?: string;
}

export interface FleetQueryResult<T extends KubeObjectLike = KubeObjectLike> {
  readonly kind: string;
  readonly items: readonly FleetStoreItem<T>[];
  /** Present when the query has `groupBy`. */
  readonly groups?: readonly FleetGroup<T>[];
  readonly clusters: readonly ClusterQueryStatus[];
  /** True when any targeted cluster is not `ok`: the items are not the whole truth. */
  readonly partial: boolean;
}

/** A query with its strings parsed once, so a live query re-runs without re-parsing. */
export interface PreparedQuery<T extends KubeObjectLike = KubeObjectLike> {
  readonly query: FleetQuery<T>;
  readonly selector: LabelSelector;
  readonly clusterSelector: LabelSelector | undefined;
  readonly namespaces: ReadonlySet<string> | undefined;
  readonly predicates: ReadonlyArray<(item: FleetStoreItem<T>) => boolean>;
  readonly text: string;
}

/** What a query reads from the store; `FleetStore` provides it. */
export interface QuerySource {
  clusters(): ClusterRef[];
  cluster(clusterId: string): ClusterRef | undefined;
  bucketOf(clusterId: string, kind: string): Bucket | undefined;
}

const STATUS: Record<SyncStateName, ClusterQueryStatusName> = {
  synced: 'ok',
  error: 'error',
  syncing: 'syncing',
  stale: 'stale',
};

const toSelector = (value: string | LabelSelector | undefined): LabelSelector =>
  typeof value === 'string' ? parseLabelSelector(value) : (value ?? []);

export function prepareQuery<T extends KubeObjectLike>(query: FleetQuery<T>): PreparedQuery<T> {
  const where = query.where;
  return {
    query,
    selector: toSelector(query.labelSelector),
    clusterSelector: query.clusterSelector ? toSelector(query.clusterSelector.selector) : undefined,
    namespaces: query.namespaces ? new Set(query.namespaces) : undefined,
    predicates: where === undefined ? [] : typeof where === 'function' ? [where] : where,
    text: query.text?.trim().toLowerCase() ?? '',
  };
}

function clusterLabels(map: ClusterLabelMap, clusterId: string): Labels {
  return map instanceof Map ? map.get(clusterId) : (map as Readonly<Record<string, Labels>>)[clusterId];
}

/** The clusters a query is about, in a stable order (by name, then id). */
export function targetClusters(source: QuerySource, prepared: PreparedQuery<never>): ClusterRef[] {
  const { query } = prepared;
  const refs = query.clusters
    ? query.clusters.map((id) => source.cluster(id) ?? { clusterId: id, clusterName: id })
    : source.clusters();
  return refs
    .filter(
      (ref) =>
        (!prepared.clusterSelector ||
          matchesLabelSelector(
            clusterLabels(query.clusterSelector?.labels ?? {}, ref.clusterId),
            prepared.clusterSelector,
          )) &&
        (!query.clusterFilter || query.clusterFilter(ref)),
    )
    .sort((a, b) => compareStrings(a.clusterName, b.clusterName) || compareStrings(a.clusterId, b.clusterId));
}

function matchesText(object: KubeObjectLike, text: string): boolean {
  const metadata = object.metadata;
  if (metadata.name.toLowerCase().includes(text)) return true;
  if (metadata.namespace?.toLowerCase().includes(text)) return true;
  const labels = metadata.labels;
  for (const key in labels) {
    if (key.toLowerCase().includes(text) || (labels[key] as string).toLowerCase().includes(text)) return true;
  }
  return false;
}

/** Picks the narrowest label index the selector allows, or none (scan the namespaces). */
function candidates(bucket: Bucket, prepared: PreparedQuery<never>): Iterable<FleetStoreItem> {
  let best: { key: string; values: readonly string[]; count: number } | undefined;
  for (const { key, operator, values } of prepared.selector) {
    if (operator !== 'equals' && operator !== 'in') continue;
    const count = bucket.countWithLabel(key, values);
    if (!best || count < best.count) best = { key, values, count };
  }
  return best ? bucket.withLabel(best.key, best.values) : bucket.items(prepared.namespaces);
}

function collect<T extends KubeObjectLike>(
  bucket: Bucket,
  prepared: PreparedQuery<T>,
  out: FleetStoreItem<T>[],
): number {
  const { namespaces, selector, predicates, text } = prepared;
  let count = 0;
  for (const item of candidates(bucket, prepared as PreparedQuery<never>) as Iterable<FleetStoreItem<T>>) {
    const metadata = item.object.metadata;
    if (namespaces && !namespaces.has(metadata.namespace ?? '')) continue;
    if (selector.length > 0 && !matchesLabelSelector(metadata.labels, selector)) continue;
    if (text && !matchesText(item.object, text)) continue;
    if (predicates.length > 0 && !predicates.every((predicate) => predicate(item))) continue;
    out.push(item);
    count++;
  }
  return count;
}

export function executeQuery<T extends KubeObjectLike>(
  source: QuerySource,
  prepared: PreparedQuery<T>,
): FleetQueryResult<T> {
  const { query } = prepared;
  const items: FleetStoreItem<T>[] = [];
  const clusters: ClusterQueryStatus[] = [];
  for (const ref of targetClusters(source, prepared as PreparedQuery<never>)) {
    const bucket = source.bucketOf(ref.clusterId, query.kind);
    if (!bucket) {
      // Nothing received for this kind yet: never "ok with 0 items".
      clusters.push({ ...ref, status: 'syncing', count: 0, since: null });
      continue;
    }
    const count = collect(bucket, prepared, items);
    const { state, since, error } = bucket.sync;
    clusters.push({ ...ref, status: STATUS[state], count, since, ...(error ? { error } : {}) });
  }
  if (query.sort !== false) items.sort(compareItems(query.sort));
  return {
    kind: query.kind,
    items,
    ...(query.groupBy ? { groups: groupItems(items, query.groupBy) } : {}),
    clusters,
    partial: clusters.some((cluster) => cluster.status !== 'ok'),
  };
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
