import { Backoff, type BackoffOptions } from '../backoff';
import type { Clock, RandomSource, TimerHandle } from '../clock';
import type { ClusterSession } from '../cluster-session';
import type { ClusterSnapshot } from '../cluster-state';
import { FlotillaError, type SerializedFlotillaError } from '../errors';
import { apiVersionOf, type ResolvedResource } from '../fleet/api-resource';
import type { FleetDiscovery } from '../fleet/discovery';
import { asFlotillaError } from '../fleet/fan-out';
import type { FleetStore } from '../fleet-store/fleet-store';
import { kindKey, type KubeObjectLike, type SyncStateName } from '../fleet-store/types';
import type { KubeObject } from '../informer/kube-object';
import type { InformerLease } from '../informer/informer-registry';
import type { CacheScopeSpec } from './cache-scope-spec';
import type { FeedStatus } from './feed-status';

/** What every feed of one scope shares: where to write, how to resolve, and whom to tell. */
export interface ClusterFeedContext {
  readonly spec: CacheScopeSpec;
  readonly store: FleetStore;
  readonly discovery: FleetDiscovery;
  readonly clock: Clock;
  readonly random: RandomSource;
  /** Retries of a failed kind lookup; default 0.8 s doubling to 30 s with jitter, like the reflector. */
  readonly backoff: Omit<BackoffOptions, 'clock' | 'random'>;
  /** The feed's status changed (store writes are announced by the store itself). */
  readonly onStatus: (clusterId: string) => void;
}

/** Skipped, not failed: an idle cluster was never asked, so it has nothing to report. */
export const IDLE_REASON = 'not connected (idle)';

/**
 * One cluster of one shared collection: resolves the kind in that cluster's discovery (retrying
 * with backoff, so a cluster unreachable at first joins once it answers), takes a lease on that
 * session's informer, and mirrors it into the scope's store. Everything here belongs to one
 * cluster; nothing it waits for can hold up another cluster's feed.
 */
export class ClusterFeed {
  readonly clusterId: string;
  readonly clusterName: string;
  private status: FeedStatus;
  private running = false;
  private stopped = false;
  private resolution: AbortController | null = null;
  private retryTimer: TimerHandle | null = null;
  private lease: InformerLease | null = null;
  private kind: string | null = null;
  private detachInformer: Array<() => void> = [];
  private written: { state: SyncStateName; errorKey: string } | null = null;
  private readonly backoff: Backoff;
  private unsubscribeSession: (() => void) | null = null;

  constructor(
    readonly session: ClusterSession,
    private readonly context: ClusterFeedContext,
  ) {
    this.clusterId = session.clusterId;
    this.clusterName = session.clusterName;
    this.status = { phase: 'resolving', error: null, since: context.clock.now() };
    this.backoff = new Backoff({ ...context.backoff, clock: context.clock, random: context.random });
  }

  getStatus(): FeedStatus {
    return this.status;
  }

  /** Follows the session: reads while it is connected (or trying to be), skips it while idle. */
  start(): void {
    if (this.stopped || this.unsubscribeSession) return;
    this.unsubscribeSession = this.session.subscribe(() => this.evaluate());
    this.evaluate();
  }

  /** Final: ends the lookup, releases the informer and forgets the cluster's objects. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.unsubscribeSession?.();
    this.unsubscribeSession = null;
    this.halt();
  }

  private evaluate(): void {
    if (this.stopped || this.session.isDisposed) return;
    const snapshot = this.session.getSnapshot();
    if (snapshot.connection === 'idle') {
      if (this.running || this.status.phase !== 'skipped') {
        this.halt();
        this.setStatus({ phase: 'skipped', reason: IDLE_REASON, since: this.context.clock.now() });
      }
      return;
    }
    if (!this.running) {
      this.running = true;
      this.begin();
    } else {
      this.writeSync();
    }
  }

  private begin(): void {
    const { spec } = this.context;
    if (spec.selectorError !== undefined) {
      // The same answer from every cluster, so no cluster is asked and nothing is retried.
      const error = new FlotillaError({
        kind: 'invalid',
        clusterId: this.clusterId,
        clusterName: this.clusterName,
        message: spec.selectorError,
        retryable: false,
      });
      this.setStatus({ phase: 'resolving', error: error.toJSON(), since: this.context.clock.now() });
      return;
    }
    if (this.status.phase !== 'resolving' || this.status.error !== null)
      this.setStatus({ phase: 'resolving', error: null, since: this.context.clock.now() });
    void this.resolve();
  }

  private async resolve(): Promise<void> {
    const controller = new AbortController();
    this.resolution = controller;
    let resource: ResolvedResource;
    try {
      resource = await this.context.discovery
        .of(this.session)
        .resolve(this.context.spec.kind, controller.signal);
    } catch (error) {
      if (this.resolution !== controller) return;
      this.resolution = null;
      // A disposed session (its manager went away) is not retried: it will never answer again.
      if (!this.session.isDisposed) this.onResolveFailure(asFlotillaError(this.session, error).toJSON());
      return;
    }
    if (this.resolution !== controller || this.session.isDisposed) return;
    this.resolution = null;
    this.backoff.reset();
    this.attach(resource);
  }

  private onResolveFailure(error: SerializedFlotillaError): void {
    this.setStatus({ phase: 'resolving', error, since: this.context.clock.now() });
    this.retryTimer = this.context.clock.setTimeout(() => {
      this.retryTimer = null;
      if (this.running && !this.stopped) void this.resolve();
    }, this.backoff.next());
  }

  private attach(resource: ResolvedResource): void {
    const { spec, store } = this.context;
    const namespace = resource.namespaced ? spec.namespace : undefined;
    const lease = this.session.informers.acquire({
      resource: {
        group: resource.group,
        version: resource.version,
        resource: resource.resource,
        ...(namespace !== undefined ? { namespace } : {}),
      },
      ...(spec.labelSelector !== undefined ? { labelSelector: spec.labelSelector } : {}),
      // The informer's cache then holds what the store keeps (no managedFields by default) and both
      // share each object; projecting only in the store would keep every object twice, once in full.
      transform: store.projection,
    });
    const kind = kindKey(apiVersionOf(resource), resource.kind);
    this.lease = lease;
    this.kind = kind;
    this.setStatus({ phase: 'watching', kind, since: this.context.clock.now() });
    const { informer } = lease;
    const { clusterId, clusterName } = this;
    this.detachInformer = [
      informer.onAdd((object) => store.upsert(clusterId, clusterName, kind, stored(object))),
      informer.onUpdate((_, object) => store.upsert(clusterId, clusterName, kind, stored(object))),
      informer.onDelete((object) =>
        store.remove(clusterId, kind, { namespace: object.metadata.namespace, name: object.metadata.name }),
      ),
      informer.subscribe(() => this.writeSync()),
    ];
    this.writeSync();
  }

  /**
   * The informer's sync state, except that a synced cache of a cluster we currently cannot reach
   * (connection lost, credentials refused) is `stale`: its watch may be frozen, not quiet, and
   * the informer would only notice when its idle timeout ends it.
   */
  private writeSync(): void {
    const { lease, kind } = this;
    if (!lease || kind === null || this.stopped) return;
    const informer = lease.informer.getSnapshot();
    const session = this.session.getSnapshot();
    let state: SyncStateName = informer.state;
    let error = informer.lastError ?? undefined;
    if (state === 'synced' && unreachable(session)) {
      state = 'stale';
      error = session.lastError ?? undefined;
    }
    const errorKey = error ? `${error.kind}\u0000${error.message}` : '';
    if (this.written?.state === state && this.written.errorKey === errorKey) return;
    this.written = { state, errorKey };
    const { store } = this.context;
    // A (re)list or a recovered connection: make the store hold exactly what the informer holds.
    if (state === 'synced')
      store.replace(this.clusterId, this.clusterName, kind, lease.informer.list().map(stored));
    else store.setSyncState(this.clusterId, this.clusterName, kind, state, error);
  }

  private halt(): void {
    this.running = false;
    this.resolution?.abort();
    this.resolution = null;
    if (this.retryTimer !== null) this.context.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    for (const detach of this.detachInformer) detach();
    this.detachInformer = [];
    this.lease?.release();
    this.lease = null;
    this.written = null;
    if (this.kind !== null) this.context.store.removeCluster(this.clusterId);
    this.kind = null;
  }

  private setStatus(status: FeedStatus): void {
    this.status = status;
    if (!this.stopped) this.context.onStatus(this.clusterId);
  }
}

function unreachable(snapshot: ClusterSnapshot): boolean {
  return (
    snapshot.connection === 'reconnecting' ||
    snapshot.connection === 'disconnected' ||
    snapshot.auth === 'invalid'
  );
}

/** Informer objects and store objects are the same JSON; only their declared metadata differs. */
function stored(object: KubeObject): KubeObjectLike {
  return object as unknown as KubeObjectLike;
}
