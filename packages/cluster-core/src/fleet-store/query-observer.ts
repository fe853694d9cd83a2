import { Subscribable } from '../subscribable';
import type { FleetStore, FleetStoreChange } from './fleet-store';
import {
  executeQuery,
  prepareQuery,
  type ClusterQueryStatus,
  type FleetQuery,
  type FleetQueryResult,
  type PreparedQuery,
} from './query';
import type { KubeObjectLike } from './types';

/**
 * A live query. Like TanStack Query's observer it holds derived state only: it re-runs its query
 * when a batched store notification touches its kind, and keeps the previous result object when the
 * new one has the same items, groups and cluster statuses, so `getSnapshot()` is safe for
 * `useSyncExternalStore`.
 */
export class QueryObserver<T extends KubeObjectLike = KubeObjectLike> extends Subscribable<
  (result: FleetQueryResult<T>) => void
> {
  private prepared: PreparedQuery<T>;
  private result: FleetQueryResult<T> | undefined;
  private computedAt = -1;
  private unsubscribeStore: (() => void) | undefined;

  constructor(
    private readonly store: FleetStore,
    query: FleetQuery<T>,
  ) {
    super();
    this.prepared = prepareQuery(query);
  }

  getSnapshot = (): FleetQueryResult<T> => {
    // A subscribed observer changes only on store notifications, so a render between a write and
    // its flush sees the snapshot the last notification announced (no tearing within a batch).
    if (!this.result || (!this.unsubscribeStore && this.computedAt !== this.store.version)) this.refresh();
    return this.result as FleetQueryResult<T>;
  };

  /** Swaps the query (e.g. a filter typed by the user); listeners hear of it if the result differs. */
  setQuery(query: FleetQuery<T>): void {
    this.prepared = prepareQuery(query);
    if (this.result) this.update();
  }

  getQuery(): FleetQuery<T> {
    return this.prepared.query;
  }

  protected override onSubscribe(): void {
    if (this.unsubscribeStore) return;
    this.unsubscribeStore = this.store.subscribe(this.onStoreChange);
    // Writes made while nobody listened were not announced; catch up now.
    if (this.result && this.computedAt !== this.store.version) this.update();
  }

  protected override onUnsubscribe(): void {
    if (this.hasListeners()) return;
    this.unsubscribeStore?.();
    this.unsubscribeStore = undefined;
  }

  private readonly onStoreChange = (change: FleetStoreChange): void => {
    if (!change.clustersChanged && !change.kinds.has(this.prepared.query.kind)) return;
    this.update();
  };

  private update(): void {
    const previous = this.result;
    this.refresh();
    if (this.result === previous) return;
    const next = this.result as FleetQueryResult<T>;
    for (const listener of [...this.listeners]) listener(next);
  }

  private refresh(): void {
    const next = executeQuery(this.store, this.prepared);
    this.computedAt = this.store.version;
    if (!this.result || !sameResult(this.result, next)) this.result = next;
  }
}

function sameStatus(a: ClusterQueryStatus, b: ClusterQueryStatus): boolean {
  return (
    a.clusterId === b.clusterId &&
    a.clusterName === b.clusterName &&
    a.status === b.status &&
    a.count === b.count &&
    a.since === b.since &&
    a.error === b.error
  );
}

function sameResult<T extends KubeObjectLike>(a: FleetQueryResult<T>, b: FleetQueryResult<T>): boolean {
  if (a.kind !== b.kind || a.items.length !== b.items.length || a.clusters.length !== b.clusters.length) {
    return false;
  }
  for (let i = 0; i < a.items.length; i++) if (a.items[i] !== b.items[i]) return false;
  for (let i = 0; i < a.clusters.length; i++) {
    if (!sameStatus(a.clusters[i] as ClusterQueryStatus, b.clusters[i] as ClusterQueryStatus)) return false;
  }
  // Groups derive from the items, so equal items leave only the grouping itself to compare.
  const ga = a.groups;
  const gb = b.groups;
  if (ga === undefined || gb === undefined) return ga === gb;
  if (ga.length !== gb.length) return false;
  return ga.every((group, i) => group.key === gb[i]?.key && group.items.length === gb[i]?.items.length);
}
