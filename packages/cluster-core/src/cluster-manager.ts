import EventEmitter from 'eventemitter3';
import mitt, { type Emitter } from 'mitt';
import { ClusterSession, type ClusterSessionOptions } from './cluster-session';
import type { ClusterSnapshot, ClusterSource } from './cluster-state';
import { FlotillaError } from './errors';
import type { ClusterEvents, EmitterEvents, SessionEventName } from './events';
import { Subscribable } from './subscribable';
import type { ClusterTransport } from './transport-types';

/** What the manager needs to know to create one cluster's session. */
export interface ClusterDefinition {
  clusterId: string;
  clusterName: string;
  source: ClusterSource;
  server: string;
  insecureSkipTLSVerify?: boolean;
  createTransport: () => ClusterTransport;
}

/** The subset of a PreferenceStore the manager uses for fleet-level keys. */
export interface FleetPreferenceStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export type ConnectPolicy = 'all' | 'recent' | 'manual';

export interface ClusterManagerOptions {
  /** Which clusters connect as soon as they are added (default 'all'); others stay idle until `connect(id)`. */
  connect?: ConnectPolicy;
  preferences?: FleetPreferenceStore;
  /** Session settings applied to every cluster (heartbeat, rate limit, retries, clock …). */
  session?: Omit<ClusterSessionOptions, keyof ClusterDefinition>;
  /** How many recently active clusters `connect: 'recent'` remembers (default 10). */
  recentLimit?: number;
}

export interface FleetSnapshot {
  clusters: readonly ClusterSnapshot[];
  activeClusterId: string | null;
}

/** The event map in the shape mitt needs (an object type rather than an interface). */
export type FleetBusEvents = { [K in keyof ClusterEvents]: ClusterEvents[K] };

export type FleetLevelEvents = Pick<
  ClusterEvents,
  'cluster:added' | 'cluster:removed' | 'fleet:active-changed'
>;

const ACTIVE_KEY = 'fleet:active-cluster';
const RECENT_KEY = 'fleet:recent-clusters';

const SESSION_EVENTS: readonly SessionEventName[] = [
  'cluster:updated',
  'cluster:connection:changed',
  'cluster:health:healthy',
  'cluster:health:degraded',
  'cluster:auth:failed',
  'cluster:auth:recovering',
  'cluster:auth:progress',
  'cluster:auth:recovered',
  'cluster:transport:rebuilding',
  'cluster:transport:rebuilt',
  'cluster:fetch:retrying',
  'cluster:error',
  'cluster:drain:progress',
  'cluster:shell:output',
  'cluster:shell:status',
  'cluster:informer:sync',
];

/**
 * The fleet: sessions by clusterId and which one is active — nothing else about clusters (BRIEF I1).
 * `events` carries the fleet-level events; `bus` carries every event of every cluster, with `*`
 * for a wildcard subscriber (loggers, the browser bridge).
 */
export class ClusterManager extends Subscribable<(snapshot: FleetSnapshot) => void> {
  readonly events = new EventEmitter<EmitterEvents<FleetLevelEvents>>();
  readonly bus: Emitter<FleetBusEvents> = mitt<FleetBusEvents>();

  private readonly sessions = new Map<string, ClusterSession>();
  private readonly detach = new Map<string, () => void>();
  private activeId: string | null = null;
  private readonly restoredActiveId: string | null;
  private snapshot: FleetSnapshot = { clusters: [], activeClusterId: null };
  /** A session changed since `snapshot` was built; rebuilt on the next read. */
  private stale = false;
  private disposed = false;

  constructor(private readonly options: ClusterManagerOptions = {}) {
    super();
    const persisted = options.preferences?.get(ACTIVE_KEY);
    this.restoredActiveId = typeof persisted === 'string' ? persisted : null;
  }

  /** Every cluster's snapshot and the active id; the same object until one of them changed. */
  getSnapshot = (): FleetSnapshot => {
    if (this.stale) this.rebuildSnapshot();
    return this.snapshot;
  };

  get activeClusterId(): string | null {
    return this.activeId;
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Every session of the fleet. */
  list(): ClusterSession[] {
    return [...this.sessions.values()];
  }

  /** The session, or undefined for an unknown id (see `require`). */
  get(clusterId: string): ClusterSession | undefined {
    return this.sessions.get(clusterId);
  }

  /** The session, or a typed `unknown-cluster` error naming the id. */
  require(clusterId: string): ClusterSession {
    const session = this.sessions.get(clusterId);
    if (!session) {
      throw new FlotillaError({
        kind: 'unknown-cluster',
        clusterId,
        message: `unknown cluster "${clusterId}"`,
        retryable: false,
      });
    }
    return session;
  }

  /**
   * Adds a cluster. It connects when the connect policy says so, unless `connect: false` (e.g. a
   * context that appeared in a watched kubeconfig is made available but not connected).
   */
  add(definition: ClusterDefinition, options: { connect?: boolean } = {}): ClusterSession {
    const session = this.addOne(definition, options);
    this.autoSelect();
    this.refresh();
    return session;
  }

  /**
   * Adds several clusters as one change: a fleet loaded from a kubeconfig with two contexts never
   * passes through a moment with exactly one cluster, so nothing is auto-selected.
   */
  addAll(definitions: readonly ClusterDefinition[], options: { connect?: boolean } = {}): ClusterSession[] {
    const sessions = definitions.map((definition) => this.addOne(definition, options));
    this.autoSelect();
    this.refresh();
    return sessions;
  }

  private addOne(definition: ClusterDefinition, options: { connect?: boolean }): ClusterSession {
    this.assertAlive();
    if (this.sessions.has(definition.clusterId)) {
      throw new FlotillaError({
        kind: 'config',
        clusterId: definition.clusterId,
        clusterName: definition.clusterName,
        message: `a cluster with id "${definition.clusterId}" already exists`,
      });
    }
    const session = new ClusterSession({ ...this.options.session, ...definition });
    this.sessions.set(session.clusterId, session);
    this.detach.set(session.clusterId, this.forward(session));
    const ref = { clusterId: session.clusterId, clusterName: session.clusterName };
    this.publish('cluster:added', { ...ref, source: definition.source });
    if (this.activeId === null && this.restoredActiveId === session.clusterId)
      this.setActiveInternal(session.clusterId);
    if (options.connect ?? this.shouldConnect(session.clusterId)) void session.connect();
    return session;
  }

  /** Removes a cluster: its requests are aborted, its timers stopped, and it emits nothing more. */
  remove(clusterId: string): boolean {
    const session = this.sessions.get(clusterId);
    if (!session) return false;
    this.detach.get(clusterId)?.();
    this.detach.delete(clusterId);
    this.sessions.delete(clusterId);
    session.dispose();
    this.publish('cluster:removed', { clusterId, clusterName: session.clusterName });
    if (this.activeId === clusterId) this.setActiveInternal(null);
    this.autoSelect();
    this.refresh();
    return true;
  }

  /** Rebuilds one cluster from a new definition (e.g. its kubeconfig changed); the others are untouched. */
  replace(definition: ClusterDefinition): ClusterSession {
    const wasActive = this.activeId === definition.clusterId;
    const wasConnected = this.sessions.get(definition.clusterId)?.getSnapshot().connection !== 'idle';
    this.remove(definition.clusterId);
    const session = this.addOne(definition, { connect: false });
    this.refresh();
    if (wasActive) this.setActiveInternal(definition.clusterId);
    if (wasConnected && session.getSnapshot().connection === 'idle') void session.connect();
    return session;
  }

  /** Selects the active cluster (null for none). An unknown id is a typed error. */
  setActive(clusterId: string | null): void {
    this.assertAlive();
    if (clusterId !== null) this.require(clusterId);
    this.setActiveInternal(clusterId);
    this.refresh();
  }

  /** Connects that cluster only (see `ClusterSession.connect`). */
  connect(clusterId: string): Promise<void> {
    return this.require(clusterId).connect();
  }

  /** Stops the background work of that cluster only. */
  disconnect(clusterId: string): void {
    this.require(clusterId).disconnect();
  }

  /** Restarts auth recovery of that cluster only. */
  retryAuth(clusterId: string): void {
    this.require(clusterId).retryAuth();
  }

  /** Stops every session. The persisted selection is kept: disposing is not the user deselecting. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const [id, session] of this.sessions) {
      this.detach.get(id)?.();
      session.dispose();
    }
    this.sessions.clear();
    this.detach.clear();
    this.events.removeAllListeners();
    this.bus.all.clear();
  }

  private assertAlive(): void {
    if (this.disposed) throw new Error('ClusterManager was disposed');
  }

  private forward(session: ClusterSession): () => void {
    const offs = SESSION_EVENTS.map((name) => {
      const handler = (payload: ClusterEvents[typeof name]) => {
        this.bus.emit(name, payload as never);
        if (name === 'cluster:updated') this.refresh();
      };
      session.events.on(name, handler as never);
      return () => session.events.off(name, handler as never);
    });
    return () => offs.forEach((off) => off());
  }

  private publish<K extends keyof FleetLevelEvents>(name: K, payload: FleetLevelEvents[K]): void {
    (this.events.emit as (event: K, payload: FleetLevelEvents[K]) => boolean)(name, payload);
    this.bus.emit(name, payload as ClusterEvents[K]);
  }

  /** Only a fleet of exactly one selects itself (BRIEF I7). */
  private autoSelect(): void {
    if (this.activeId === null && this.sessions.size === 1)
      this.setActiveInternal([...this.sessions.keys()][0] as string);
  }

  private setActiveInternal(clusterId: string | null): void {
    if (this.activeId === clusterId) return;
    const previous = this.activeId;
    this.activeId = clusterId;
    if (clusterId !== null) this.rememberRecent(clusterId);
    this.options.preferences?.set(ACTIVE_KEY, clusterId);
    this.publish('fleet:active-changed', { clusterId, previousClusterId: previous });
  }

  private rememberRecent(clusterId: string): void {
    const preferences = this.options.preferences;
    if (!preferences) return;
    const recent = this.recent().filter((id) => id !== clusterId);
    recent.unshift(clusterId);
    preferences.set(RECENT_KEY, recent.slice(0, this.options.recentLimit ?? 10));
  }

  private recent(): string[] {
    const value = this.options.preferences?.get(RECENT_KEY);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  }

  private shouldConnect(clusterId: string): boolean {
    const policy = this.options.connect ?? 'all';
    if (policy === 'all') return true;
    if (policy === 'manual') return false;
    return this.recent().includes(clusterId) || this.restoredActiveId === clusterId;
  }

  /**
   * Publishes a changed fleet snapshot to subscribers. Without subscribers nothing is built until
   * the next `getSnapshot()`: each heartbeat of each cluster updates its session, and rebuilding a
   * list of every cluster for nobody would make an idle fleet cost O(clusters) per tick.
   */
  private refresh(): void {
    this.stale = true;
    if (this.listeners.size === 0) return;
    if (this.rebuildSnapshot()) for (const listener of [...this.listeners]) listener(this.snapshot);
  }

  /** Returns whether the snapshot changed; it keeps its identity otherwise. */
  private rebuildSnapshot(): boolean {
    this.stale = false;
    const previous = this.snapshot;
    const clusters: ClusterSnapshot[] = [];
    let same = this.sessions.size === previous.clusters.length && this.activeId === previous.activeClusterId;
    for (const session of this.sessions.values()) {
      const snapshot = session.getSnapshot();
      if (same && snapshot !== previous.clusters[clusters.length]) same = false;
      clusters.push(snapshot);
    }
    if (same) return false;
    this.snapshot = { clusters, activeClusterId: this.activeId };
    return true;
  }
}
