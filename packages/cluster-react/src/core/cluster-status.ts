import type { ClusterSnapshot } from '@flotilla/cluster-core';

/** The colour family of a status: drives the dot and badge styling (`data-tone`). */
export type StatusTone = 'ok' | 'warning' | 'error' | 'pending' | 'offline';

export interface ClusterStatusSummary {
  tone: StatusTone;
  /** One or two words: `Healthy`, `Degraded`, `Auth failed` … */
  label: string;
  /** The three axes spelled out, for tooltips and screen readers. */
  description: string;
}

/**
 * One word for three axes (connection × auth × health), most severe first: a cluster nobody can
 * reach or log in to says so before any health verdict, and "healthy" needs all three to agree.
 */
export function summarizeClusterStatus(cluster: ClusterSnapshot): ClusterStatusSummary {
  const description = `connection ${cluster.connection}, auth ${cluster.auth}, health ${cluster.health}`;
  const summary = (tone: StatusTone, label: string) => ({ tone, label, description });
  if (cluster.connection === 'disconnected') return summary('offline', 'Disconnected');
  if (cluster.connection === 'idle') return summary('offline', 'Not connected');
  if (cluster.auth === 'invalid') return summary('error', 'Auth failed');
  if (cluster.auth === 'recovering') return summary('warning', 'Recovering auth');
  if (cluster.connection === 'reconnecting') return summary('warning', 'Reconnecting');
  if (cluster.connection === 'connecting') return summary('pending', 'Connecting');
  if (cluster.health === 'degraded') return summary('warning', 'Degraded');
  if (cluster.health === 'healthy' && cluster.auth === 'valid') return summary('ok', 'Healthy');
  return summary('pending', 'Checking');
}

/** Sort weight of a tone, most urgent first (grids and tables can put trouble on top). */
export const TONE_SEVERITY: Readonly<Record<StatusTone, number>> = {
  error: 0,
  warning: 1,
  offline: 2,
  pending: 3,
  ok: 4,
};
