export { systemClock, defaultRandom, ManualClock, flushMicrotasks } from './clock';
export type { Clock, TimerHandle, RandomSource } from './clock';
export { createAbortError, abortReason, isAbortError } from './abort-error';
export { Subscribable } from './subscribable';
export { Backoff, DEFAULT_BACKOFF } from './backoff';
export type { BackoffOptions } from './backoff';
export { TokenBucketRateLimiter, DEFAULT_RATE_LIMIT } from './rate-limiter';
export type { TokenBucketRateLimiterOptions } from './rate-limiter';
export { TransportFailureTracker, DEFAULT_TRANSPORT_FAILURE_POLICY } from './transport-failure-tracker';
export type {
  TransportFailureTrackerOptions,
  TransportFailureSnapshot,
  TransportRebuildInfo,
} from './transport-failure-tracker';
export { AuthRecoveryScheduler, DEFAULT_AUTH_RECOVERY } from './auth-recovery-scheduler';
export type {
  AuthFailureClass,
  AuthRecoveryFailure,
  AuthRecoveryProgress,
  AuthRecoverySchedulerOptions,
  AuthRecoverySnapshot,
  AuthRecoveryState,
  ProbeOutcome,
} from './auth-recovery-scheduler';
export { JitteredInterval } from './jittered-interval';
export type { JitteredIntervalOptions, TickLateness } from './jittered-interval';
export { MemoryPreferenceStore } from './preferences/preference-store';
export type { PreferenceStore, PreferenceChange, PreferenceListener } from './preferences/preference-store';
export { WebStoragePreferenceStore } from './preferences/web-storage-preference-store';
export type {
  StorageLike,
  StorageEventLike,
  StorageEventSource,
  WebStoragePreferenceStoreOptions,
} from './preferences/web-storage-preference-store';
export { ClusterPreferences, KNOWN_CLUSTER_PREFERENCE_KEYS } from './preferences/cluster-preferences';
export type {
  ClusterPreferenceScope,
  KnownClusterPreferences,
  KnownClusterPreferenceKey,
  SavedFilter,
} from './preferences/cluster-preferences';
export { credentialReason, preferenceKeyName } from './preferences/credential-guard';
export { ClusterClient } from './cluster-client';
export type { ClusterClientOptions, ClientRequest, RetryingInfo } from './cluster-client';
export { RequestRetries, DEFAULT_RETRY } from './retry-policy';
export type { RetryOptions, RetryPlan } from './retry-policy';
export { linkSignals } from './linked-signal';
export type { LinkedSignal } from './linked-signal';
export { FlotillaError, isFlotillaError, isAuthFailure, isTransportFailure } from './errors';
export type { FlotillaErrorKind, FlotillaErrorInit, KubeStatus, SerializedFlotillaError } from './errors';
export { redact, redactSecrets } from './redact';
export type * from './events';
export type * from './cluster-state';
export type * from './transport-types';
export { Heartbeat, DEFAULT_HEARTBEAT } from './heartbeat';
export type { HeartbeatOptions, HeartbeatResult } from './heartbeat';
export { ErrorLog } from './error-log';
export type { ErrorLogEntry } from './error-log';
export { ClusterSession } from './cluster-session';
export type { ClusterSessionOptions, SessionEvents, SessionRequest } from './cluster-session';
export { ClusterManager } from './cluster-manager';
export type {
  ClusterDefinition,
  ClusterManagerOptions,
  ConnectPolicy,
  FleetBusEvents,
  FleetLevelEvents,
  FleetPreferenceStore,
  FleetSnapshot,
} from './cluster-manager';
