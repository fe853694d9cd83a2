/**
 * Per-cluster sessions, fleet operations, live views and the browser side of the bridge. This entry
 * is isomorphic (no Node built-ins); Node-only parts are in `@flotilla/cluster-core/node`.
 *
 * @module \@flotilla/cluster-core
 */
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
export type * from './client/fleet-client';
export { Heartbeat, DEFAULT_HEARTBEAT } from './heartbeat';
export type { HeartbeatOptions, HeartbeatResult } from './heartbeat';
export { ErrorLog } from './error-log';
export type { ErrorLogEntry } from './error-log';
export { ClusterSession } from './cluster-session';
export type {
  ClusterSessionOptions,
  HeartbeatLateness,
  SessionEvents,
  SessionRequest,
} from './cluster-session';
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
export { FleetOperations, createFleet } from './fleet/fleet-operations';
export type { FleetOptions, FleetReadRequest } from './fleet/fleet-operations';
export { fanOut, DEFAULT_FLEET_CONCURRENCY, DEFAULT_FLEET_TIMEOUT_MS } from './fleet/fan-out';
export type { FanOutOptions } from './fleet/fan-out';
export { ConcurrencyLimit } from './fleet/concurrency-limit';
export type {
  FleetTargets,
  FleetEntryStatus,
  FleetEntryBase,
  FleetEntry,
  FleetFailedEntry,
  FleetSkippedEntry,
  FleetResult,
  FleetItem,
  FleetListEntry,
  FleetListResult,
  FleetProgress,
  FleetRunOptions,
  FleetCallOptions,
  FleetTask,
} from './fleet/fleet-result';
export { clusterGroupTargets, clusterLabelTargets } from './fleet/preference-targets';
export { apiVersionOf, resourcePath } from './fleet/api-resource';
export type { ApiResource, ResolvedResource } from './fleet/api-resource';
export { ClusterDiscovery, FleetDiscovery, DEFAULT_DISCOVERY } from './fleet/discovery';
export type { DiscoveryOptions, DiscoveredResources } from './fleet/discovery';
export { findResource, findKind } from './fleet/resolve-resource';
export { listAll, DEFAULT_PAGE_SIZE } from './fleet/list-pages';
export type { FleetListOptions } from './fleet/list-pages';
export { FleetPermissions } from './fleet/permissions';
export type { AccessResource, AccessQuery, PermissionsOptions, RulesReviewStatus } from './fleet/permissions';
export { ClusterOperations, RESTARTED_AT_ANNOTATION } from './fleet/cluster-operations';
export type {
  ApplyOptions,
  CallOptions,
  DeleteOptions,
  KubeManifest,
  ObjectOptions,
  PatchType,
  ScaleObject,
  WriteOptions,
} from './fleet/operation-options';
export { BatchOperations } from './fleet/batch';
export type { BatchObjectOutcome, BatchOptions, BatchPhase, BatchResult } from './fleet/batch';
export { readInventory } from './fleet/inventory';
export type { ClusterInventory } from './fleet/inventory';
export { parseQuantity } from './fleet/quantity';
export { Informer } from './informer/informer';
export type {
  InformerOptions,
  InformerSnapshot,
  ObjectTransform,
  InformerSyncPayload,
  InformerSyncState,
} from './informer/informer';
export { InformerRegistry } from './informer/informer-registry';
export type {
  InformerDefaults,
  InformerKey,
  InformerLease,
  InformerSession,
} from './informer/informer-registry';
export { Reflector, DEFAULT_REFLECTOR } from './informer/reflector';
export type { ReflectorOptions, ReflectorSink } from './informer/reflector';
export { ObjectCache } from './informer/object-cache';
export type { CacheDelta } from './informer/object-cache';
export { objectKey } from './informer/kube-object';
export type { KubeObject } from './informer/kube-object';
export { sessionListWatcher } from './informer/session-list-watcher';
export type { ListWatchSession, ListSelectors } from './informer/session-list-watcher';
export type {
  ListWatcher,
  ObjectList,
  ReflectorListOptions,
  ReflectorWatchOptions,
  WatchConnection,
} from './informer/list-watcher';
export { collectionPath, resourceLabel } from './informer/resource';
export type { ResourceDescriptor } from './informer/resource';
export { parseWatchEvent, isResourceExpired } from './informer/watch-event';
export type { ObjectEvent, WatchEvent } from './informer/watch-event';
export { observeStream } from './observed-stream';
export type { StreamObserver } from './observed-stream';
export type { SessionStreamRequest } from './cluster-session';
export { cordon, uncordon } from './maintenance/cordon';
export type { CordonResult, NodeWriteArgs, NodeWriteOptions } from './maintenance/cordon';
export { drainNode, DEFAULT_DRAIN, isTerminalPhase } from './maintenance/drain';
export type { DrainOptions, DrainPhase, DrainProgress } from './maintenance/drain';
export { drainablePods, MIRROR_POD_ANNOTATION } from './maintenance/drain-pods';
export type { DrainPod } from './maintenance/drain-pods';
export { DrainJobStore } from './maintenance/drain-job-store';
export type {
  DrainJobFilter,
  DrainJobHandle,
  DrainJobSnapshot,
  DrainJobStoreOptions,
} from './maintenance/drain-job-store';
export { streamPodLogs, podLogPath } from './logs/pod-logs';
export type { PodLogOptions, PodLogStream } from './logs/pod-logs';
export { EXEC_PROTOCOLS, EXEC_CHANNEL, execPath, parseExitStatus } from './exec/exec-protocol';
export type {
  ExecCommand,
  ExecConnectRequest,
  ExecConnector,
  ExecSocket,
  ExecSocketHandlers,
} from './exec/exec-protocol';
export { ShellSession } from './exec/shell-session';
export type { ShellOutput, ShellSnapshot, ShellStatus } from './exec/shell-session';
export { ShellSessionStore } from './exec/shell-session-store';
export type { ShellSessionStoreOptions } from './exec/shell-session-store';
export { FleetStore } from './fleet-store/fleet-store';
export type {
  ClusterRef,
  FleetStoreChange,
  FleetStoreOptions,
  ReplaceResult,
} from './fleet-store/fleet-store';
export { QueryObserver } from './fleet-store/query-observer';
export type {
  ClusterLabelMap,
  ClusterQueryStatus,
  ClusterQueryStatusName,
  FleetQuery,
  FleetQueryResult,
} from './fleet-store/query';
export type { FleetGroup, GroupBy, SortKey, SortSpec } from './fleet-store/query-order';
export { kindKey, kindKeyOf } from './fleet-store/types';
export type {
  FleetStoreItem,
  KubeObjectLike,
  ObjectRef,
  SyncState,
  SyncStateName,
} from './fleet-store/types';
export {
  createProjection,
  defaultProjection,
  identityProjection,
  DEFAULT_DROPPED_ANNOTATIONS,
} from './fleet-store/projection';
export type { Projection, ProjectionOptions } from './fleet-store/projection';
export { microtaskScheduler, timeoutScheduler } from './fleet-store/scheduler';
export type { NotifyScheduler } from './fleet-store/scheduler';
export {
  parseLabelSelector,
  matchesLabelSelector,
  matchesRequirement,
  formatLabelSelector,
  LabelSelectorError,
} from './fleet-store/label-selector';
export type { LabelOperator, LabelRequirement, LabelSelector, Labels } from './fleet-store/label-selector';
export { resourceDistribution, DEFAULT_CLASSIFIERS } from './comparison/distribution';
export type {
  Distribution,
  DistributionCell,
  DistributionOptions,
  KindDistribution,
  StatusClassifier,
} from './comparison/distribution';
export {
  diffObjects,
  compareAcrossClusters,
  MISSING,
  DEFAULT_IGNORED_PATHS,
  DEFAULT_IGNORED_ANNOTATIONS,
} from './comparison/object-diff';
export type { DiffEntry, DiffOptions, Missing, ObjectComparison } from './comparison/object-diff';
export { versionSkew } from './comparison/version-skew';
export type {
  ApiVersionRow,
  ClusterVersionRow,
  VersionSkewMatrix,
  VersionSkewOptions,
} from './comparison/version-skew';
export {
  reportFromQuery,
  reportFromDistribution,
  reportFromComparison,
  reportFromVersionSkew,
  DEFAULT_QUERY_COLUMNS,
} from './export/report';
export type {
  Report,
  ReportCell,
  ReportChart,
  ReportCluster,
  ReportOptions,
  ReportTable,
  QueryColumn,
} from './export/report';
export { renderJSON, renderCSV, renderMarkdown, csvField } from './export/render';
export { renderHTML, barChartSvg } from './export/html';
export { sanitizeValue } from './export/sanitize';
export type * from './client/fleet-client';
export { createLocalFleetClient } from './client/local-fleet-client';
export type { LocalFleetClientOptions } from './client/local-fleet-client';
export { DEFAULT_POD_LOG_LINES } from './client/local-pod-log-view';
export { DEFAULT_INVENTORY_INTERVAL_MS } from './client/inventory-refresher';
export { reportFromFleetHealth } from './client/health-report';
export { FleetCache } from './fleet-cache/fleet-cache';
export type { CacheQuery, FleetCacheLease, FleetCacheOptions } from './fleet-cache/fleet-cache';
export { CacheScope } from './fleet-cache/cache-scope';
export type { ScopeChange, ScopeTargets } from './fleet-cache/cache-scope';
export type { CacheScopeSpec, ScopeQuery } from './fleet-cache/cache-scope-spec';
export type { FeedStatus } from './fleet-cache/feed-status';
export { readClusterSlice } from './fleet-cache/cluster-slice';
export type { ClusterSlice } from './fleet-cache/cluster-slice';
export { connectFleet, DEFAULT_RECONNECT } from './client/remote-fleet-client';
export type { ConnectFleetOptions, RemoteFleetClient } from './client/remote-fleet-client';
export type { RemoteLinkSnapshot, WebSocketConstructor, WebSocketLike } from './client/remote-link';
export { BRIDGE_CLUSTER_ID, BRIDGE_LABEL, rehydrateError } from './client/remote-errors';
export {
  BRIDGE_PROTOCOL_VERSION,
  BRIDGE_SUBPROTOCOL,
  BRIDGE_METHODS,
  BridgeCloseCode,
  encodeBridgeToken,
} from './client/bridge-protocol';
export type {
  BridgeMethod,
  ClientMessage,
  FleetDelta,
  ItemKey,
  ResourcesDelta,
  ServerMessage,
  ViewSpec,
} from './client/bridge-protocol';
