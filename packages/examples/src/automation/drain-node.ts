/**
 * Drains one node of one named cluster, printing progress as it goes.
 *
 *   npm run example -- drain-node --cluster CONTEXT_OR_ID --node NODE [--kubeconfig PATH] [--timeout 300]
 *
 * The cluster must be named: node names such as `worker-1` repeat across clusters, and a drain in
 * the wrong one is the mistake this toolkit exists to prevent. An ambiguous context name (the same
 * name in two kubeconfig files) is refused with the ids to choose from.
 */
import { DrainJobStore, type ClusterManager, type DrainJobSnapshot } from '@flotilla/cluster-core';
import { resolveCluster } from './open-fleet';

export interface DrainNodeOptions {
  timeoutMs?: number;
  deleteEmptyDirData?: boolean;
  onProgress?: (snapshot: DrainJobSnapshot) => void;
  /** Test hook: drain retry and poll intervals. */
  intervals?: { retryIntervalMs?: number; pollIntervalMs?: number };
}

export async function drainNodeIn(
  manager: ClusterManager,
  cluster: string,
  node: string,
  options: DrainNodeOptions = {},
): Promise<DrainJobSnapshot> {
  const clusterId = resolveCluster(manager, cluster);
  const jobs = new DrainJobStore(manager, { defaults: options.intervals ?? {} });
  let last: DrainJobSnapshot | undefined;
  const stop = jobs.subscribe(() => {
    const [snapshot] = jobs.select({ clusterId, node });
    if (snapshot && snapshot !== last) {
      last = snapshot;
      options.onProgress?.(snapshot);
    }
  });
  try {
    const job = jobs.drain(clusterId, node, {
      timeoutMs: options.timeoutMs ?? 300_000,
      deleteEmptyDirData: options.deleteEmptyDirData ?? false,
    });
    return await job.done;
  } finally {
    stop();
    jobs.dispose();
  }
}

export function formatDrainProgress(snapshot: DrainJobSnapshot): string {
  const blocked = snapshot.blocked.length
    ? ` blocked by a disruption budget: ${snapshot.blocked.join(', ')}`
    : '';
  const message = snapshot.message ? ` — ${snapshot.message}` : '';
  return `[${snapshot.clusterName}] ${snapshot.node}: ${snapshot.phase}, ${snapshot.evicted} evicted, ${snapshot.remaining} remaining${blocked}${message}`;
}
