import type {
  AuthState,
  ClusterMetadata,
  ClusterSnapshot,
  ConnectionState,
  HealthState,
  LatencySummary,
  SerializedFlotillaError,
} from '@flotilla/cluster-core';
import { summarizeClusterStatus, type ClusterStatusSummary } from './cluster-status';

/** What a per-cluster hook returns for an id the fleet does not know: a state, never a throw. */
export interface UnknownCluster {
  readonly status: 'unknown-cluster';
  readonly clusterId: string;
}

/** A per-cluster hook's answer for a known cluster: the cluster named both ways, plus `T`. */
export type KnownCluster<T> = {
  readonly status: 'known';
  readonly clusterId: string;
  readonly clusterName: string;
} & T;

export type ClusterLookup<T> = KnownCluster<T> | UnknownCluster;

export const unknownCluster = (clusterId: string): UnknownCluster => ({
  status: 'unknown-cluster',
  clusterId,
});

export interface ClusterHealthView {
  readonly health: HealthState;
  readonly latency: LatencySummary;
  readonly lastSeen: number | null;
  readonly lastError: SerializedFlotillaError | null;
  /** The three axes in one word, as the status dot shows them. */
  readonly summary: ClusterStatusSummary;
}

export interface ClusterAuthView {
  readonly state: AuthState;
  readonly reason: string | null;
  readonly failureClass: 'auth' | 'connectivity' | null;
  readonly attempt: number;
  readonly maxAttempts: number;
  /** Epoch ms of the next probe, for a countdown; null when none is scheduled. */
  readonly nextRetryAt: number | null;
}

export interface ClusterConnectionView {
  readonly state: ConnectionState;
  readonly lastSeen: number | null;
  readonly latency: LatencySummary;
  readonly lastError: SerializedFlotillaError | null;
}

export type ClusterMetadataView = ClusterMetadata;

/**
 * Memoized per snapshot object: a cluster snapshot is replaced whenever anything in it changes, so
 * the derived view keeps its identity exactly as long as its source (what useSyncExternalStore and
 * memoized children need), shared by every component that reads the same cluster.
 */
function derive<T>(select: (cluster: ClusterSnapshot) => T): (cluster: ClusterSnapshot) => KnownCluster<T> {
  const cache = new WeakMap<ClusterSnapshot, KnownCluster<T>>();
  return (cluster) => {
    let view = cache.get(cluster);
    if (!view) {
      view = {
        status: 'known',
        clusterId: cluster.clusterId,
        clusterName: cluster.clusterName,
        ...select(cluster),
      };
      cache.set(cluster, view);
    }
    return view;
  };
}

export const selectCluster = derive((cluster) => ({ cluster }));

export const selectHealth = derive<ClusterHealthView>((cluster) => ({
  health: cluster.health,
  latency: cluster.latency,
  lastSeen: cluster.lastSeen,
  lastError: cluster.lastError,
  summary: summarizeClusterStatus(cluster),
}));

export const selectAuth = derive<ClusterAuthView>((cluster) => ({
  state: cluster.auth,
  reason:
    cluster.authRecovery?.reason ?? (cluster.lastError?.kind === 'auth' ? cluster.lastError.message : null),
  failureClass: cluster.authRecovery?.class ?? null,
  attempt: cluster.authRecovery?.attempt ?? 0,
  maxAttempts: cluster.authRecovery?.maxAttempts ?? 0,
  nextRetryAt: cluster.authRecovery?.nextRetryAt ?? null,
}));

export const selectConnection = derive<ClusterConnectionView>((cluster) => ({
  state: cluster.connection,
  lastSeen: cluster.lastSeen,
  latency: cluster.latency,
  lastError: cluster.lastError,
}));

export const selectMetadata = derive<ClusterMetadataView>((cluster) => ({ ...cluster.metadata }));
