import { ClusterManager, createFleet, type FleetOperations } from '@flotilla/cluster-core';
import { KubeconfigSync, type KubeconfigSyncOptions } from '@flotilla/cluster-core/node';

export interface OpenFleetOptions {
  /** A `KUBECONFIG`-style list; default `$KUBECONFIG`, else `~/.kube/config`. */
  kubeconfig?: string;
  /** Deadline per cluster for each fleet call (default 15 s). */
  timeoutMs?: number;
  /** Receives problems confined to one kubeconfig file or context. */
  onSourceErrors?: KubeconfigSyncOptions['onSourceErrors'];
}

export interface OpenedFleet {
  manager: ClusterManager;
  fleet: FleetOperations;
  close(): void;
}

/**
 * Loads every context of the kubeconfig as a cluster without connecting any of them: a script only
 * sends the requests it needs, so no heartbeat or exec plugin runs for clusters it never touches.
 */
export async function openFleet(options: OpenFleetOptions = {}): Promise<OpenedFleet> {
  const manager = new ClusterManager({ connect: 'manual' });
  const sync = await KubeconfigSync.start(manager, {
    ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}),
    ...(options.onSourceErrors ? { onSourceErrors: options.onSourceErrors } : {}),
  });
  const fleet = createFleet(manager, { timeoutMs: options.timeoutMs ?? 15_000 });
  return {
    manager,
    fleet,
    close: () => {
      sync.close();
      manager.dispose();
    },
  };
}

/**
 * Finds a cluster by id or by context name. Context names may repeat across kubeconfig files, so an
 * ambiguous name is refused rather than guessed: writes must name exactly one cluster.
 */
export function resolveCluster(manager: ClusterManager, idOrName: string): string {
  if (manager.get(idOrName)) return idOrName;
  const matches = manager.list().filter((session) => session.clusterName === idOrName);
  if (matches.length === 1) return (matches[0] as { clusterId: string }).clusterId;
  if (matches.length === 0) throw new Error(`no cluster has the id or context name "${idOrName}"`);
  const ids = matches.map((session) => `  ${session.clusterId}`).join('\n');
  throw new Error(`"${idOrName}" names ${matches.length} clusters; pass one of these ids:\n${ids}`);
}
