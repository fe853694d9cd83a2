import type { BackoffOptions } from '../backoff';
import { defaultRandom, systemClock, type Clock, type RandomSource } from '../clock';
import type { ClusterManager } from '../cluster-manager';
import type { FleetDiscovery } from '../fleet/discovery';
import type { Projection } from '../fleet-store/projection';
import { timeoutScheduler, type NotifyScheduler } from '../fleet-store/scheduler';
import { scopeKeyOf, scopeSpecOf, type CacheScopeSpec, type ScopeQuery } from './cache-scope-spec';
import { CacheScope, type ScopeTargets } from './cache-scope';

export interface FleetCacheOptions {
  clock?: Clock;
  random?: RandomSource;
  /** When batched change notifications run; default a 16 ms window on `clock`. */
  scheduler?: NotifyScheduler;
  /** What each store keeps of an object; default drops managedFields and last-applied-configuration. */
  projection?: Projection;
  /** Retries of a kind lookup that failed in one cluster. Default 0.8 s doubling to 30 s, jittered. */
  resolveBackoff?: Omit<BackoffOptions, 'clock' | 'random'>;
}

/** What a live view watches: a kind in some clusters (all when absent), namespace and selector optional. */
export interface CacheQuery extends ScopeQuery {
  clusters?: readonly string[] | undefined;
}

/** One view's claim on a shared scope; the last release stops the scope's informers. */
export interface FleetCacheLease {
  readonly scope: CacheScope;
  /** Gives the claim up. Repeated calls do nothing. */
  release(): void;
}

/**
 * Pipes the informers of many clusters into fleet stores. `watch(query)` shares one
 * {@link CacheScope} — one store, one informer per cluster — between every view of the same kind,
 * namespace and label selector, follows the fleet (a cluster added later joins views of all
 * clusters, a removed one leaves them), and stops a scope's watches when its last view leaves.
 */
export class FleetCache {
  private readonly scopes = new Map<string, CacheScope>();
  private readonly clock: Clock;
  private readonly random: RandomSource;
  private readonly scheduler: NotifyScheduler;
  private disposed = false;

  constructor(
    private readonly manager: ClusterManager,
    private readonly discovery: FleetDiscovery,
    private readonly options: FleetCacheOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? defaultRandom;
    this.scheduler = options.scheduler ?? timeoutScheduler(16, this.clock);
    manager.events.on('cluster:added', this.onFleetChange);
    manager.events.on('cluster:removed', this.onFleetChange);
  }

  /** Scopes with at least one claim. */
  get size(): number {
    return this.scopes.size;
  }

  watch(query: CacheQuery): FleetCacheLease {
    if (this.disposed) throw new Error('FleetCache was disposed');
    const spec = scopeSpecOf(query);
    const key = scopeKeyOf(spec);
    let scope = this.scopes.get(key);
    if (!scope) {
      scope = this.createScope(key, spec);
      this.scopes.set(key, scope);
    }
    const targets: ScopeTargets = query.clusters ? [...new Set(query.clusters)] : 'all';
    const held = scope;
    const unclaim = held.claim(targets);
    let released = false;
    return {
      scope: held,
      release: () => {
        if (released) return;
        released = true;
        unclaim();
        if (held.claimCount > 0) return;
        held.dispose();
        if (this.scopes.get(key) === held) this.scopes.delete(key);
      },
    };
  }

  /** The live scope a query would share, if some view holds one; nothing is started. */
  peek(query: ScopeQuery): CacheScope | undefined {
    return this.scopes.get(scopeKeyOf(scopeSpecOf(query)));
  }

  /** Stops every scope; leases held become inert. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.manager.events.off('cluster:added', this.onFleetChange);
    this.manager.events.off('cluster:removed', this.onFleetChange);
    for (const scope of this.scopes.values()) scope.dispose();
    this.scopes.clear();
  }

  private createScope(key: string, spec: CacheScopeSpec): CacheScope {
    return new CacheScope(key, spec, {
      manager: this.manager,
      discovery: this.discovery,
      clock: this.clock,
      random: this.random,
      scheduler: this.scheduler,
      projection: this.options.projection,
      backoff: this.options.resolveBackoff ?? {},
    });
  }

  private readonly onFleetChange = (): void => {
    for (const scope of this.scopes.values()) scope.reconcile();
  };
}
