import type { SerializedFlotillaError } from './errors';

/** `idle`: known but not connected (lazy connect); nothing runs for it, no exec plugin is called. */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected';
export type AuthState = 'unknown' | 'valid' | 'recovering' | 'invalid';
export type HealthState = 'unknown' | 'healthy' | 'degraded';
export type Platform = 'kubernetes' | 'openshift' | 'unknown';

/** Where a cluster came from; a kubeconfig context is identified by file path and context name. */
export type ClusterSource =
  | { type: 'kubeconfig'; path: string; context: string }
  | { type: 'kubeconfig-string'; label: string; context: string }
  | { type: 'manual'; server: string };

export interface ClusterMetadata {
  server: string;
  /** The TLS verification of this cluster is off; shown to users as such. */
  insecureSkipTLSVerify: boolean;
  kubernetesVersion: string | null;
  platform: Platform;
  /** e.g. `4.16.9`, from ClusterVersion, when the platform is OpenShift. */
  openshiftVersion: string | null;
  /** Filled by fleet operations once nodes are listed; null until then. */
  nodes: { ready: number; total: number } | null;
  /** Sum of the nodes' allocatable CPU (cores) and memory (bytes); null until nodes are listed. */
  allocatable: { cpu: number; memory: number } | null;
  /** Pods in all namespaces; null until counted. */
  pods: number | null;
}

export interface LatencySummary {
  lastMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  samples: number;
}

export interface AuthRecoveryInfo {
  reason: string | null;
  class: 'auth' | 'connectivity' | null;
  attempt: number;
  maxAttempts: number;
  nextRetryAt: number | null;
}

/**
 * Everything a UI needs to show one cluster. The object stays referentially equal until something in
 * it changes, so React can read it through useSyncExternalStore.
 */
export interface ClusterSnapshot {
  clusterId: string;
  clusterName: string;
  source: ClusterSource;
  connection: ConnectionState;
  auth: AuthState;
  health: HealthState;
  /** Epoch ms of the last successful answer from the cluster. */
  lastSeen: number | null;
  latency: LatencySummary;
  lastError: SerializedFlotillaError | null;
  authRecovery: AuthRecoveryInfo | null;
  metadata: ClusterMetadata;
}
