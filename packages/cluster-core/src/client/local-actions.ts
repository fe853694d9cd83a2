import type { ClusterManager } from '../cluster-manager';
import { FlotillaError } from '../errors';
import type { FleetOperations } from '../fleet/fleet-operations';
import { cordon, uncordon } from '../maintenance/cordon';
import type { DrainJobStore } from '../maintenance/drain-job-store';
import type { FleetActions } from './fleet-client';

/**
 * The client's writes, each in the one cluster it names (BRIEF I9), through the existing
 * cluster-core functions. Every failure rejects with a FlotillaError naming that cluster; an
 * unknown id is `unknown-cluster`.
 */
export function localActions(
  manager: ClusterManager,
  fleet: FleetOperations,
  drains: DrainJobStore,
): FleetActions {
  return {
    async cordon(clusterId, node) {
      await cordon(manager, clusterId, node);
    },
    async uncordon(clusterId, node) {
      await uncordon(manager, clusterId, node);
    },
    async drain(clusterId, node, options = {}) {
      const { jobId } = drains.drain(clusterId, node, {
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.deleteEmptyDirData !== undefined
          ? { deleteEmptyDirData: options.deleteEmptyDirData }
          : {}),
        ...(options.ignoreDaemonSets !== undefined ? { ignoreDaemonSets: options.ignoreDaemonSets } : {}),
      });
      return { clusterId, jobId };
    },
    async cancelDrain(clusterId, jobId) {
      const session = manager.require(clusterId);
      if (!drains.get(clusterId, jobId)) {
        throw new FlotillaError({
          kind: 'not-found',
          clusterId,
          clusterName: session.clusterName,
          message: `no drain job "${jobId}" in this cluster`,
          retryable: false,
        });
      }
      // A job that already ended stays as it ended: cancelling it again is not an error.
      drains.cancel(clusterId, jobId);
    },
    async scale(clusterId, kind, name, namespace, replicas) {
      await fleet.clusters.scale(clusterId, kind, name, replicas, { namespace });
    },
    async restart(clusterId, kind, name, namespace) {
      await fleet.clusters.restart(clusterId, kind, name, { namespace });
    },
    async delete(clusterId, kind, name, namespace) {
      await fleet.clusters.delete(clusterId, kind, name, namespace !== undefined ? { namespace } : {});
    },
  };
}
