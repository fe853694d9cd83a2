import type { SerializedFlotillaError } from './errors';
import type { AuthState, ClusterSnapshot, ClusterSource, ConnectionState } from './cluster-state';

/** Every event about a cluster names it both ways. */
export interface ClusterRef {
  clusterId: string;
  clusterName: string;
}

export interface ClusterAddedEvent extends ClusterRef {
  source: ClusterSource;
}
export type ClusterRemovedEvent = ClusterRef;
export interface ClusterUpdatedEvent extends ClusterRef {
  snapshot: ClusterSnapshot;
}
export interface ActiveClusterChangedEvent {
  clusterId: string | null;
  previousClusterId: string | null;
}
export interface ConnectionChangedEvent extends ClusterRef {
  state: ConnectionState;
  previous: ConnectionState;
}
export interface HealthEvent extends ClusterRef {
  latencyMs: number | null;
  /** Why the cluster is degraded (redacted), absent when healthy. */
  reason?: string;
  /** The endpoint that answered: /readyz, /livez or /healthz. */
  endpoint?: string;
}
export interface AuthProgressEvent extends ClusterRef {
  reason: string;
  class: 'auth' | 'connectivity';
  attempt: number;
  maxAttempts: number;
  nextRetryAt: number | null;
}
export interface AuthRecoveredEvent extends ClusterRef {
  previous: AuthState;
}
export interface TransportRebuildEvent extends ClusterRef {
  failures: number;
  reason: string;
}
export interface FetchRetryingEvent extends ClusterRef {
  attempt: number;
  maxRetries: number;
  delayMs: number;
  reason: string;
  method: string;
  path: string;
}
export interface ClusterErrorEvent extends ClusterRef {
  /** The subsystem that failed: heartbeat, auth, request, metadata, kubeconfig, … */
  source: string;
  resourceKind: string | null;
  identifier: string | null;
  message: string;
  error: SerializedFlotillaError;
}

/** Progress of a node drain job (`jobId` is unique per cluster; node names are not). */
export interface DrainProgressEvent extends ClusterRef {
  jobId: string;
  node: string;
  phase: 'cordoning' | 'evicting' | 'waiting' | 'completed' | 'failed' | 'cancelled';
  evicted: number;
  remaining: number;
  /** Pods whose eviction a PodDisruptionBudget refused on the last attempt. */
  blocked: string[];
  message?: string;
}
export interface ShellOutputEvent extends ClusterRef {
  sessionId: string;
  stream: 'stdout' | 'stderr';
  /** UTF-8 text of the chunk. */
  data: string;
}
export interface ShellStatusEvent extends ClusterRef {
  sessionId: string;
  status: 'connecting' | 'open' | 'closed' | 'failed';
  exitCode?: number;
  message?: string;
}
/** An informer (one resource kind in one cluster) changed sync state. */
export interface InformerSyncEvent extends ClusterRef {
  resource: string;
  namespace: string | null;
  state: 'syncing' | 'synced' | 'stale' | 'error';
  error?: SerializedFlotillaError;
}

/** The one typed event map. All `cluster:*` payloads carry `clusterId` and `clusterName`. */
export interface ClusterEvents {
  'cluster:added': ClusterAddedEvent;
  'cluster:removed': ClusterRemovedEvent;
  'cluster:updated': ClusterUpdatedEvent;
  'fleet:active-changed': ActiveClusterChangedEvent;
  'cluster:connection:changed': ConnectionChangedEvent;
  'cluster:health:healthy': HealthEvent;
  'cluster:health:degraded': HealthEvent;
  'cluster:auth:failed': AuthProgressEvent;
  'cluster:auth:recovering': AuthProgressEvent;
  'cluster:auth:progress': AuthProgressEvent;
  'cluster:auth:recovered': AuthRecoveredEvent;
  'cluster:transport:rebuilding': TransportRebuildEvent;
  'cluster:transport:rebuilt': TransportRebuildEvent;
  'cluster:fetch:retrying': FetchRetryingEvent;
  'cluster:error': ClusterErrorEvent;
  'cluster:drain:progress': DrainProgressEvent;
  'cluster:shell:output': ShellOutputEvent;
  'cluster:shell:status': ShellStatusEvent;
  'cluster:informer:sync': InformerSyncEvent;
}

export type ClusterEventName = keyof ClusterEvents;

/** Events emitted by one session: everything except the fleet-level ones. */
export type SessionEventName = Exclude<
  ClusterEventName,
  'cluster:added' | 'cluster:removed' | 'fleet:active-changed'
>;

/** Events that features built on a session (drain jobs, shells, informers) publish through it. */
export type ExtensionEventName =
  'cluster:drain:progress' | 'cluster:shell:output' | 'cluster:shell:status' | 'cluster:informer:sync';

/** eventemitter3's listener-tuple form of the map, for per-object emitters. */
export type EmitterEvents<TMap> = { [K in keyof TMap]: [TMap[K]] };
