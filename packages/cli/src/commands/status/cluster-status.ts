import type { Platform, SerializedFlotillaError } from '@flotilla/cluster-core';

/** How the cluster's API server could be reached, as one word for the CONNECTION column. */
export type StatusConnection = 'connected' | 'timeout' | 'unreachable' | 'tls-error' | 'error';
export type StatusAuth = 'valid' | 'invalid' | 'unknown';
export type StatusHealth = 'healthy' | 'degraded' | 'unknown';

/** What one probe learned about one cluster; also the shape of `status -o json` entries. */
export interface ClusterStatus {
  clusterId: string;
  clusterName: string;
  server: string;
  connection: StatusConnection;
  auth: StatusAuth;
  health: StatusHealth;
  /** `gitVersion` from /version. */
  version: string | null;
  platform: Platform;
  openshiftVersion: string | null;
  nodes: { ready: number; total: number } | null;
  /** Round trip of the health probe. */
  latencyMs: number | null;
  /** Connected, credentials accepted and ready: what exit code 0 needs from every cluster. */
  ok: boolean;
  /** Distinct problems met while probing, redacted. */
  errors: SerializedFlotillaError[];
}

/** The row of a cluster whose probe did not complete (its deadline passed, or it was cancelled). */
export function failedStatus(
  cluster: { clusterId: string; clusterName: string; server: string },
  error: SerializedFlotillaError,
): ClusterStatus {
  const timedOut = error.kind === 'timeout' || error.kind === 'cancelled';
  return {
    ...cluster,
    connection: timedOut ? 'timeout' : 'error',
    auth: 'unknown',
    health: timedOut ? 'degraded' : 'unknown',
    version: null,
    platform: 'unknown',
    openshiftVersion: null,
    nodes: null,
    latencyMs: null,
    ok: false,
    errors: [error],
  };
}
