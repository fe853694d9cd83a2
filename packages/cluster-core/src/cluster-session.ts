import EventEmitter from 'eventemitter3';
import {
  AuthRecoveryScheduler,
  type AuthRecoverySchedulerOptions,
  type ProbeOutcome,
} from './auth-recovery-scheduler';
import { defaultRandom, systemClock, type Clock, type RandomSource } from './clock';
import { ClusterClient, type ClusterClientOptions, type ClientRequest } from './cluster-client';
import type {
  AuthState,
  ClusterMetadata,
  ClusterSnapshot,
  ClusterSource,
  ConnectionState,
  HealthState,
} from './cluster-state';
import { ErrorLog } from './error-log';
import { FlotillaError, isAuthFailure, isTransportFailure } from './errors';
import type {
  ClusterEvents,
  ClusterRef,
  EmitterEvents,
  ExtensionEventName,
  SessionEventName,
} from './events';
import { Heartbeat, type HeartbeatOptions, type HeartbeatResult } from './heartbeat';
import { InformerRegistry, type InformerDefaults } from './informer/informer-registry';
import type { TickLateness } from './jittered-interval';
import { LatencyWindow } from './latency-window';
import { detectMetadata } from './metadata-probe';
import { SessionState } from './session-state';
import { TransportFailureTracker, type TransportFailureTrackerOptions } from './transport-failure-tracker';
import { observeStream } from './observed-stream';
import type {
  ClusterTransport,
  StreamRequest,
  TransportResponse,
  TransportStream,
  UpgradeTarget,
} from './transport-types';

export type SessionEvents = Pick<ClusterEvents, SessionEventName>;

/** How late one heartbeat tick fired, and of which cluster. */
export type HeartbeatLateness = TickLateness & ClusterRef;

export interface ClusterSessionOptions {
  clusterId: string;
  clusterName: string;
  source: ClusterSource;
  server: string;
  insecureSkipTLSVerify?: boolean;
  /** Builds this cluster's own transport (called lazily, once). */
  createTransport: () => ClusterTransport;
  clock?: Clock;
  random?: RandomSource;
  heartbeat?: HeartbeatOptions | false;
  /**
   * Called on every heartbeat tick with how late its timer fired. A callback rather than an event
   * because it fires on every tick of every cluster, for metrics and benchmarks of timer isolation.
   */
  onHeartbeatLateness?: (sample: HeartbeatLateness) => void;
  client?: Pick<ClusterClientOptions, 'rateLimit' | 'retry'>;
  transportFailures?: Pick<TransportFailureTrackerOptions, 'threshold' | 'windowMs' | 'cooldownMs'>;
  authRecovery?: Pick<
    AuthRecoverySchedulerOptions,
    'authRetryDelaysMs' | 'steadyReprobeMs' | 'connectivityReprobeMs' | 'probeTimeoutMs'
  >;
  errorLogSize?: number;
  /** Settings of this cluster's informers (backoff, idle timeout, page size); clock and random are the session's. */
  informers?: InformerDefaults;
}

/** Options of one request through a session; `source` and `resourceKind` label errors in the log. */
export type SessionRequest = ClientRequest & { source?: string; resourceKind?: string; identifier?: string };

/** Options of one stream through a session, labelled like {@link SessionRequest}. */
export type SessionStreamRequest = StreamRequest & {
  source?: string;
  resourceKind?: string;
  identifier?: string;
};

/**
 * One cluster. Owns everything about it — its transport and connection pool, rate limiter, retry
 * policy, heartbeat, transport failure tracker, auth recovery loop, state, metadata and error log —
 * and shares none of it with any other cluster. After dispose() it emits nothing.
 */
export class ClusterSession {
  readonly clusterId: string;
  readonly clusterName: string;
  readonly events = new EventEmitter<EmitterEvents<SessionEvents>>();
  readonly errorLog: ErrorLog;
  readonly tracker: TransportFailureTracker;
  readonly authRecovery: AuthRecoveryScheduler;

  private readonly state: SessionState;
  private readonly clock: Clock;
  private readonly heartbeat: Heartbeat | null;
  private readonly latency = new LatencyWindow();
  private readonly lifetime = new AbortController();
  private transport: ClusterTransport | null = null;
  private client: ClusterClient | null = null;
  private informerRegistry: InformerRegistry | null = null;
  private disposed = false;
  private connectPromise: Promise<void> | null = null;

  constructor(private readonly options: ClusterSessionOptions) {
    this.clusterId = options.clusterId;
    this.clusterName = options.clusterName;
    this.clock = options.clock ?? systemClock;
    this.errorLog = new ErrorLog(options.errorLogSize ?? 100);
    this.state = new SessionState({
      clusterId: options.clusterId,
      clusterName: options.clusterName,
      source: options.source,
      connection: 'idle',
      auth: 'unknown',
      health: 'unknown',
      lastSeen: null,
      latency: this.latency.summary(),
      lastError: null,
      authRecovery: null,
      metadata: {
        server: options.server,
        insecureSkipTLSVerify: options.insecureSkipTLSVerify ?? false,
        kubernetesVersion: null,
        platform: 'unknown',
        openshiftVersion: null,
        nodes: null,
        allocatable: null,
        pods: null,
      },
    });
    this.tracker = new TransportFailureTracker({
      ...options.transportFailures,
      clock: this.clock,
      onRebuild: (info) => this.rebuildTransport(info.failures, info.kind ?? 'transport failures'),
    });
    this.authRecovery = new AuthRecoveryScheduler({
      ...options.authRecovery,
      clock: this.clock,
      probe: (signal) => this.probeAuth(signal),
      onProgress: (p) => {
        this.emit('cluster:auth:progress', { ...this.ref, ...p });
        this.setAuthRecovery();
      },
      onRecovered: () => this.onAuthRecovered(),
      onFailed: (f) => {
        this.update({ auth: 'invalid' });
        this.emit('cluster:auth:failed', {
          ...this.ref,
          reason: f.reason,
          class: 'auth',
          attempt: f.attempts,
          maxAttempts: this.authRecovery.maxAttempts,
          nextRetryAt: f.nextRetryAt,
        });
      },
    });
    this.authRecovery.subscribe(() => this.setAuthRecovery());
    this.heartbeat =
      options.heartbeat === false
        ? null
        : new Heartbeat(
            {
              clock: this.clock,
              random: options.random ?? defaultRandom,
              shouldSkip: () => this.state.getSnapshot().auth === 'invalid' || this.authRecovery.isActive(),
              probe: async (path, timeoutMs, signal) => {
                await this.getTransport().request({ path, timeoutMs, signal, responseType: 'text' });
              },
              onResult: (result, health) => this.onHeartbeat(result, health),
              ...(options.onHeartbeatLateness
                ? { onLateness: this.latenessReporter(options.onHeartbeatLateness) }
                : {}),
            },
            options.heartbeat ?? {},
          );
  }

  private latenessReporter(report: (sample: HeartbeatLateness) => void): (sample: TickLateness) => void {
    return (sample) => {
      if (!this.disposed) report({ ...this.ref, ...sample });
    };
  }

  private get ref(): ClusterRef {
    return { clusterId: this.clusterId, clusterName: this.clusterName };
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /**
   * This cluster's informers, created on first use and stopped by `dispose()`, so a removed
   * cluster's watches end with it. Views that ask for the same collection share one watch.
   */
  get informers(): InformerRegistry {
    this.assertAlive();
    if (!this.informerRegistry) {
      this.informerRegistry = new InformerRegistry(this, {
        clock: this.clock,
        ...(this.options.random ? { random: this.options.random } : {}),
        ...this.options.informers,
      });
    }
    return this.informerRegistry;
  }

  /** State for UIs: the same object until something in it changed. */
  getSnapshot = (): ClusterSnapshot => this.state.getSnapshot();
  /** Calls `listener` with each new snapshot; returns the unsubscribe function. */
  subscribe = (listener: (snapshot: ClusterSnapshot) => void): (() => void) => this.state.subscribe(listener);

  /**
   * Starts background work: an authenticated probe, metadata detection, then the heartbeat.
   * Resolves when the first probe settled (whatever its outcome: failures are state, not throws).
   */
  connect(): Promise<void> {
    this.assertAlive();
    if (this.connectPromise) return this.connectPromise;
    this.setConnection('connecting');
    this.connectPromise = this.firstProbe().finally(() => {
      if (!this.disposed) this.heartbeat?.start();
    });
    return this.connectPromise;
  }

  /** Stops background work; the session stays known and can connect again. */
  disconnect(): void {
    if (this.disposed) return;
    this.heartbeat?.stop();
    this.authRecovery.stop();
    this.connectPromise = null;
    this.setConnection('idle');
  }

  /** One request to this cluster only. Throws FlotillaError naming this cluster. */
  async request<T = unknown>(request: SessionRequest): Promise<TransportResponse<T>> {
    this.assertAlive();
    // dispose() aborts what is in flight through the client and transport it owns.
    const { source, resourceKind, identifier, ...clientRequest } = request;
    try {
      return await this.getClient().request<T>(clientRequest);
    } catch (error) {
      const failure = this.asFlotillaError(error);
      if (failure.kind !== 'cancelled') {
        this.recordError(source ?? 'request', failure, resourceKind ?? null, identifier ?? null);
      }
      throw failure;
    }
  }

  /**
   * Opens a long-lived response (watch, followed logs) to this cluster only, through its rate
   * limiter, never retried. Failures, when opening or later while streaming, are recorded like a
   * request's and feed the same health bookkeeping (a 401 starts auth recovery).
   */
  async stream(request: SessionStreamRequest): Promise<TransportStream> {
    this.assertAlive();
    const { source, resourceKind, identifier, ...streamRequest } = request;
    const record = (error: unknown): FlotillaError => {
      const failure = this.asFlotillaError(error);
      if (failure.kind !== 'cancelled')
        this.recordError(source ?? 'stream', failure, resourceKind ?? null, identifier ?? null);
      return failure;
    };
    try {
      return observeStream(await this.getClient().stream(streamRequest), { onError: record });
    } catch (error) {
      throw record(error);
    }
  }

  /**
   * Publishes an event of a feature built on this session (drain jobs, shells, informers). The
   * session adds `clusterId` and `clusterName`, so no feature can emit an event without them, and
   * nothing is published once the session is disposed.
   */
  publish<K extends ExtensionEventName>(
    name: K,
    payload: Omit<SessionEvents[K], 'clusterId' | 'clusterName'>,
  ): void {
    this.emit(name, { ...payload, ...this.ref } as SessionEvents[K]);
  }

  /** What exec needs to open a WebSocket to this cluster with its own credentials (in-process only). */
  async upgradeTarget(signal?: AbortSignal): Promise<UpgradeTarget> {
    this.assertAlive();
    const transport = this.getTransport();
    if (!transport.upgradeTarget) {
      throw new FlotillaError({
        kind: 'config',
        clusterId: this.clusterId,
        clusterName: this.clusterName,
        message: "this cluster's transport cannot open WebSocket connections",
        retryable: false,
      });
    }
    return transport.upgradeTarget(signal);
  }

  /** Restarts this cluster's auth recovery loop from attempt 1 (e.g. after the user logged in). */
  retryAuth(reason = 'retry requested'): void {
    this.assertAlive();
    this.getTransport().invalidateCredentials();
    if (this.authRecovery.isActive()) this.authRecovery.retry(reason);
    else this.beginAuthRecovery(reason);
  }

  /** Aborts in-flight requests, stops timers and watches; no event is emitted afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.lifetime.abort();
    this.informerRegistry?.stopAll();
    this.heartbeat?.stop();
    this.authRecovery.dispose();
    this.tracker.dispose();
    this.client?.dispose();
    this.transport?.dispose();
    this.events.removeAllListeners();
  }

  private assertAlive(): void {
    if (this.disposed) {
      throw new FlotillaError({
        kind: 'cancelled',
        clusterId: this.clusterId,
        clusterName: this.clusterName,
        message: 'cluster was removed',
      });
    }
  }

  private getTransport(): ClusterTransport {
    if (!this.transport) this.transport = this.options.createTransport();
    return this.transport;
  }

  private getClient(): ClusterClient {
    if (!this.client) {
      this.client = new ClusterClient({
        ...this.options.client,
        transport: this.getTransport(),
        clusterId: this.clusterId,
        clusterName: this.clusterName,
        clock: this.clock,
        onRetrying: (event) => this.emit('cluster:fetch:retrying', { ...this.ref, ...event }),
        onSuccess: (durationMs) => this.onSuccess(durationMs),
        onError: (error) => this.onFailure(error),
      });
    }
    return this.client;
  }

  private async firstProbe(): Promise<void> {
    const started = this.clock.now();
    try {
      await this.getTransport().request({ path: '/api', timeoutMs: 10_000, signal: this.lifetime.signal });
      if (this.disposed) return;
      this.onSuccess(this.clock.now() - started);
      this.update({ auth: 'valid' });
      this.setConnection('connected');
      await this.refreshMetadata();
    } catch (error) {
      if (this.disposed) return;
      const failure = this.asFlotillaError(error);
      this.recordError('connect', failure, null, null);
      this.onFailure(failure);
      if (!isAuthFailure(failure)) this.setConnection('disconnected');
    }
  }

  /** Re-reads version and platform (OpenShift is detected through its ClusterVersion). */
  async refreshMetadata(): Promise<void> {
    const metadata = await detectMetadata(
      (path) => this.getClient().request({ path, signal: this.lifetime.signal, timeoutMs: 10_000 }),
      (error) => this.recordError('metadata', this.asFlotillaError(error), null, null),
    );
    if (this.disposed) return;
    this.update({ metadata: { ...this.state.getSnapshot().metadata, ...metadata } });
  }

  /** Fleet operations fill node counts, allocatable resources and the pod count in here. */
  setInventory(inventory: Partial<Pick<ClusterMetadata, 'nodes' | 'allocatable' | 'pods'>>): void {
    if (this.disposed) return;
    this.update({ metadata: { ...this.state.getSnapshot().metadata, ...inventory } });
  }

  private onSuccess(durationMs: number): void {
    if (this.disposed) return;
    this.tracker.recordSuccess();
    this.latency.add(durationMs);
    const snapshot = this.state.getSnapshot();
    this.update({ lastSeen: this.clock.now(), latency: this.latency.summary() });
    if (snapshot.connection === 'reconnecting' || snapshot.connection === 'disconnected')
      this.setConnection('connected');
  }

  private onFailure(error: FlotillaError): void {
    if (this.disposed || error.kind === 'cancelled') return;
    if (isTransportFailure(error)) {
      this.tracker.recordFailure(error.kind);
      const connection = this.state.getSnapshot().connection;
      if (connection === 'connected') this.setConnection('reconnecting');
    } else if (isAuthFailure(error)) {
      this.beginAuthRecovery(error.message);
    }
  }

  private beginAuthRecovery(reason: string): void {
    if (this.disposed || this.authRecovery.isActive()) return;
    const previous = this.state.getSnapshot().auth;
    this.update({ auth: 'recovering' });
    this.heartbeat?.reset();
    if (previous !== 'recovering') {
      this.emit('cluster:auth:failed', {
        ...this.ref,
        reason,
        class: 'auth',
        attempt: 0,
        maxAttempts: this.authRecovery.maxAttempts,
        nextRetryAt: this.clock.now(),
      });
    }
    this.authRecovery.start(reason);
  }

  /** Fresh credentials, one authenticated request: does this cluster accept us again? */
  private async probeAuth(signal: AbortSignal): Promise<ProbeOutcome> {
    if (this.disposed) return { ok: false, class: 'connectivity', reason: 'cluster removed' };
    const snapshot = this.authRecovery.getSnapshot();
    this.emit('cluster:auth:recovering', {
      ...this.ref,
      reason: snapshot.lastReason ?? 'auth recovery',
      class: snapshot.lastClass ?? 'auth',
      attempt: snapshot.attempt,
      maxAttempts: snapshot.maxAttempts,
      nextRetryAt: snapshot.nextRetryAt,
    });
    this.getTransport().invalidateCredentials();
    try {
      await this.getTransport().request({ path: '/api', signal, timeoutMs: 10_000 });
      return { ok: true };
    } catch (error) {
      const failure = this.asFlotillaError(error);
      // A 403 on the discovery probe means these credentials are not good for this cluster.
      const authClass = isAuthFailure(failure) || failure.kind === 'authz';
      return { ok: false, class: authClass ? 'auth' : 'connectivity', reason: failure.message };
    }
  }

  private onAuthRecovered(): void {
    if (this.disposed) return;
    const previous = this.state.getSnapshot().auth;
    this.update({ auth: 'valid', authRecovery: null });
    this.emit('cluster:auth:recovered', { ...this.ref, previous });
    if (this.state.getSnapshot().connection !== 'idle') this.setConnection('connected');
    void this.refreshMetadata();
  }

  private setAuthRecovery(): void {
    if (this.disposed) return;
    const s = this.authRecovery.getSnapshot();
    const active = s.state !== 'idle' && s.state !== 'recovered';
    this.update({
      authRecovery: active
        ? {
            reason: s.lastReason,
            class: s.lastClass,
            attempt: s.attempt,
            maxAttempts: s.maxAttempts,
            nextRetryAt: s.nextRetryAt,
          }
        : null,
    });
  }

  private onHeartbeat(result: HeartbeatResult, health: 'healthy' | 'degraded' | null): void {
    if (this.disposed) return;
    if (result.ok) this.onSuccess(result.latencyMs);
    else {
      this.recordError('heartbeat', result.error, null, result.endpoint);
      this.onFailure(result.error);
    }
    if (health === null) return;
    const previous = this.state.getSnapshot().health;
    this.update({ health });
    if (previous === health) return;
    const payload = {
      ...this.ref,
      latencyMs: result.ok ? result.latencyMs : null,
      endpoint: result.endpoint,
      ...(result.ok ? {} : { reason: result.error.message }),
    };
    this.emit(health === 'healthy' ? 'cluster:health:healthy' : 'cluster:health:degraded', payload);
  }

  private rebuildTransport(failures: number, reason: string): void {
    if (this.disposed || !this.transport) return;
    this.emit('cluster:transport:rebuilding', { ...this.ref, failures, reason });
    this.transport.rebuild();
    this.emit('cluster:transport:rebuilt', { ...this.ref, failures, reason });
  }

  private recordError(
    source: string,
    error: FlotillaError,
    resourceKind: string | null,
    identifier: string | null,
  ): void {
    if (this.disposed) return;
    const serialized = error.toJSON();
    this.errorLog.add({ at: this.clock.now(), source, resourceKind, identifier, error: serialized });
    this.update({ lastError: serialized });
    this.emit('cluster:error', {
      ...this.ref,
      source,
      resourceKind,
      identifier,
      message: error.message,
      error: serialized,
    });
  }

  private setConnection(next: ConnectionState): void {
    const previous = this.state.getSnapshot().connection;
    if (previous === next) return;
    this.update({ connection: next });
    this.emit('cluster:connection:changed', { ...this.ref, state: next, previous });
  }

  private update(patch: Partial<ClusterSnapshot>): void {
    if (this.disposed) return;
    if (this.state.update(patch))
      this.emit('cluster:updated', { ...this.ref, snapshot: this.state.getSnapshot() });
  }

  private emit<K extends SessionEventName>(name: K, payload: SessionEvents[K]): void {
    if (this.disposed) return;
    (this.events.emit as (event: K, payload: SessionEvents[K]) => boolean)(name, payload);
  }

  private asFlotillaError(error: unknown): FlotillaError {
    if (error instanceof FlotillaError) return error;
    return new FlotillaError({
      kind: 'transport',
      clusterId: this.clusterId,
      clusterName: this.clusterName,
      message: error instanceof Error ? error.message : String(error),
      cause: error,
    });
  }
}

export type { AuthState, HealthState };
