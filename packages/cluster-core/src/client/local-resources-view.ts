import type { ClusterManager } from '../cluster-manager';
import type { FleetCache, FleetCacheLease } from '../fleet-cache/fleet-cache';
import { readClusterSlice, sameSlice, type ClusterSlice } from '../fleet-cache/cluster-slice';
import type { ScopeChange } from '../fleet-cache/cache-scope';
import type { FleetStoreItem, KubeObjectLike } from '../fleet-store/types';
import type { FleetResourcesSnapshot, ResourceQuery } from './fleet-client';
import { LazyView, type ViewTracker } from './lazy-view';
import { copyQuery, viewTargets } from './view-targets';

/**
 * A live merged view of one kind across clusters, read from a shared {@link FleetCache} scope.
 * Subscribing claims the scope (starting its informers if it is the first), the last unsubscribe
 * releases it. Only the clusters a change touched are re-read, and the snapshot object is kept
 * when nothing in it changed.
 */
export class LocalResourcesView<T extends KubeObjectLike = KubeObjectLike> extends LazyView<
  FleetResourcesSnapshot<T>
> {
  readonly query: ResourceQuery;
  private lease: FleetCacheLease | null = null;
  private unsubscribeScope: (() => void) | null = null;
  private slices: ClusterSlice[] = [];
  private snapshot: FleetResourcesSnapshot<T> | null = null;

  constructor(
    tracker: ViewTracker,
    private readonly cache: FleetCache,
    private readonly manager: ClusterManager,
    query: ResourceQuery,
  ) {
    super(tracker);
    this.query = Object.freeze(copyQuery(query));
  }

  getSnapshot = (): FleetResourcesSnapshot<T> => {
    // Unsubscribed, nothing announces changes: read what is there now (another view's scope, if any).
    if (!this.lease || !this.snapshot) this.refresh('all');
    return this.snapshot as FleetResourcesSnapshot<T>;
  };

  /** Per-cluster parts of the current snapshot, in its order. */
  getSlices(): readonly ClusterSlice[] {
    this.getSnapshot();
    return this.slices;
  }

  /** The kind key the first cluster (in display order) resolved the query to, or null. */
  resolvedKind(): string | null {
    return this.getSlices().find((slice) => slice.kind !== null)?.kind ?? null;
  }

  protected start(): void {
    const lease = this.cache.watch(this.query);
    this.lease = lease;
    this.unsubscribeScope = lease.scope.subscribe(this.onScopeChange);
    if (this.refresh('all')) this.notify();
  }

  protected stop(): void {
    this.unsubscribeScope?.();
    this.unsubscribeScope = null;
    this.lease?.release();
    this.lease = null;
  }

  private readonly onScopeChange = (change: ScopeChange): void => {
    if (this.refresh(change.membership ? 'all' : change.clusters)) this.notify();
  };

  /** Re-reads the targeted clusters (only `dirty` ones when given); true when the snapshot changed. */
  private refresh(dirty: ReadonlySet<string> | 'all'): boolean {
    const scope = this.lease?.scope ?? this.cache.peek(this.query);
    const previous = new Map(this.slices.map((slice) => [slice.status.clusterId, slice]));
    const ids = viewTargets(this.manager, this.query.clusters);
    let changed = !this.snapshot || ids.length !== this.slices.length;
    const next = ids.map((id, index) => {
      const before = previous.get(id);
      if (before && dirty !== 'all' && !dirty.has(id)) {
        if (this.slices[index] !== before) changed = true;
        return before;
      }
      const slice = readClusterSlice(this.manager, scope, id);
      if (before && sameSlice(before, slice)) {
        if (this.slices[index] !== before) changed = true;
        return before;
      }
      changed = true;
      return slice;
    });
    if (!changed) return false;
    this.slices = next;
    this.snapshot = buildSnapshot<T>(this.query, next);
    return true;
  }
}

function buildSnapshot<T extends KubeObjectLike>(
  query: ResourceQuery,
  slices: readonly ClusterSlice[],
): FleetResourcesSnapshot<T> {
  const items: FleetStoreItem[] =
    slices.length === 1 ? (slices[0]?.items as FleetStoreItem[]) : slices.flatMap((slice) => slice.items);
  const clusters = slices.map((slice) => slice.status);
  return {
    query,
    items: items as unknown as readonly FleetStoreItem<T>[],
    clusters,
    partial: clusters.some((cluster) => cluster.status !== 'ok'),
    loaded: clusters.every((cluster) => cluster.status !== 'syncing'),
  };
}
