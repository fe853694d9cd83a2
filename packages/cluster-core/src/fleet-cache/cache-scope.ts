import type { BackoffOptions } from '../backoff';
import type { Clock, RandomSource } from '../clock';
import type { ClusterManager } from '../cluster-manager';
import type { FleetDiscovery } from '../fleet/discovery';
import { FleetStore, type FleetStoreChange } from '../fleet-store/fleet-store';
import type { Projection } from '../fleet-store/projection';
import type { NotifyScheduler } from '../fleet-store/scheduler';
import { Subscribable } from '../subscribable';
import type { CacheScopeSpec } from './cache-scope-spec';
import { ClusterFeed } from './cluster-feed';
import type { FeedStatus } from './feed-status';

/** Which clusters one claim on a scope covers: every cluster of the fleet (now and later), or these ids. */
export type ScopeTargets = 'all' | readonly string[];

/** What changed in a scope since the last notification. */
export interface ScopeChange {
  /** Clusters whose objects, sync state or feed status changed. */
  readonly clusters: ReadonlySet<string>;
  /** Clusters joined or left the scope (added to or removed from the fleet, claims changed). */
  readonly membership: boolean;
}

export interface CacheScopeSettings {
  readonly manager: ClusterManager;
  readonly discovery: FleetDiscovery;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly scheduler: NotifyScheduler;
  readonly projection?: Projection | undefined;
  readonly backoff: Omit<BackoffOptions, 'clock' | 'random'>;
}

/**
 * One shared collection (kind × namespace × label selector) across the clusters its claims target:
 * one {@link FleetStore} of its own — so another scope's relist can never replace these objects —
 * and one `ClusterFeed` per cluster. Claims are reference counted by the cache that owns it.
 */
export class CacheScope extends Subscribable<(change: ScopeChange) => void> {
  readonly store: FleetStore;
  private readonly feeds = new Map<string, ClusterFeed>();
  private readonly claims = new Set<{ targets: ScopeTargets }>();
  private pending = new Set<string>();
  private pendingMembership = false;
  private flushScheduled = false;
  private disposed = false;
  private readonly unsubscribeStore: () => void;

  constructor(
    readonly key: string,
    readonly spec: CacheScopeSpec,
    private readonly settings: CacheScopeSettings,
  ) {
    super();
    this.store = new FleetStore({
      clock: settings.clock,
      scheduler: settings.scheduler,
      ...(settings.projection ? { projection: settings.projection } : {}),
    });
    this.unsubscribeStore = this.store.subscribe(this.onStoreChange);
  }

  /** Adds a claim; the returned function gives it up (the cache disposes a scope without claims). */
  claim(targets: ScopeTargets): () => void {
    const claim = { targets };
    this.claims.add(claim);
    this.reconcile();
    return () => {
      if (this.claims.delete(claim)) this.reconcile();
    };
  }

  get claimCount(): number {
    return this.claims.size;
  }

  /** The feed of one cluster, while the scope covers it. */
  feedStatus(clusterId: string): FeedStatus | undefined {
    return this.feeds.get(clusterId)?.getStatus();
  }

  /** Brings the feeds in line with the claims and the fleet: start what is targeted, stop the rest. */
  reconcile(): void {
    if (this.disposed) return;
    const { manager } = this.settings;
    const wanted = new Set<string>();
    for (const { targets } of this.claims) {
      if (targets === 'all') for (const session of manager.list()) wanted.add(session.clusterId);
      else for (const id of targets) wanted.add(id);
    }
    let changed = false;
    for (const [id, feed] of this.feeds) {
      if (wanted.has(id) && manager.get(id) === feed.session) continue;
      // Gone from the fleet, no longer claimed, or replaced by a new session of the same id.
      feed.stop();
      this.feeds.delete(id);
      changed = true;
    }
    for (const id of wanted) {
      const session = manager.get(id);
      if (!session || this.feeds.has(id)) continue;
      const feed = new ClusterFeed(session, {
        spec: this.spec,
        store: this.store,
        discovery: this.settings.discovery,
        clock: this.settings.clock,
        random: this.settings.random,
        backoff: this.settings.backoff,
        onStatus: (clusterId) => this.mark(clusterId, false),
      });
      this.feeds.set(id, feed);
      feed.start();
      changed = true;
    }
    if (changed) this.mark(null, true);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const feed of this.feeds.values()) feed.stop();
    this.feeds.clear();
    this.claims.clear();
    this.unsubscribeStore();
    this.listeners.clear();
  }

  private readonly onStoreChange = (change: FleetStoreChange): void => {
    const clusters = new Set<string>();
    for (const ids of change.kinds.values()) for (const id of ids) clusters.add(id);
    this.emit({ clusters, membership: change.clustersChanged });
  };

  /** Feed changes are batched on the same scheduler as the store's, so a burst notifies once. */
  private mark(clusterId: string | null, membership: boolean): void {
    if (clusterId !== null) this.pending.add(clusterId);
    this.pendingMembership ||= membership;
    if (this.flushScheduled || this.disposed) return;
    this.flushScheduled = true;
    this.settings.scheduler(this.flush);
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    const change = { clusters: this.pending, membership: this.pendingMembership };
    this.pending = new Set();
    this.pendingMembership = false;
    this.emit(change);
  };

  private emit(change: ScopeChange): void {
    if (this.disposed) return;
    for (const listener of [...this.listeners]) listener(change);
  }
}
