import {
  ClusterManager,
  createFleet,
  type ClusterManagerOptions,
  type FleetOperations,
} from '@flotilla/cluster-core';
import {
  definitionFor,
  loadKubeconfigSources,
  type DiscoveredCluster,
  type KubeconfigSourceError,
} from '@flotilla/cluster-core/node';
import type { CommonOptions } from '../options/common-options';
import { UsageError } from '../usage-error';
import { clustersInGroup, preferencesPath } from './groups';
import { clusterLabels, selectClusters, type NamedCluster } from './select-clusters';

/** The clusters one command works on, in a manager of their own. */
export interface LoadedFleet {
  manager: ClusterManager;
  fleet: FleetOperations;
  /** The targeted clusters, in kubeconfig order. */
  targets: readonly DiscoveredCluster[];
  /** clusterId → how to show it (the context name, disambiguated when two share it). */
  labels: ReadonlyMap<string, string>;
  /** Kubeconfig problems within the selection: contexts that could not become clusters. */
  sourceErrors: readonly KubeconfigSourceError[];
  /** Stops every session: aborts requests, closes connections, kills exec plugins. */
  dispose(): void;
}

// A command runs once and reports; it does not wait out a recovery, so the first auth recovery probe
// is scheduled past any command's life and disposing the manager cancels it.
const NO_RECOVERY_WITHIN_A_COMMAND = 24 * 60 * 60 * 1000;

/**
 * Reads the kubeconfig(s), keeps the selected contexts and adds only those to a manager that
 * connects nothing by itself (`connect: 'manual'`, no heartbeat): clusters outside the selection get
 * no session at all, and a targeted cluster's transport and credentials (an exec plugin run) are
 * created on its first request.
 */
export async function loadFleet(
  options: CommonOptions,
  session: NonNullable<ClusterManagerOptions['session']> = {},
): Promise<LoadedFleet> {
  const loaded = await loadKubeconfigSources(options.kubeconfig);
  const failedContexts: NamedCluster[] = loaded.errors
    .filter((error) => error.context !== undefined)
    .map((error) => ({
      clusterId: `${error.source}:${error.context}`,
      clusterName: error.context as string,
    }));
  const groupIds =
    options.group === undefined
      ? undefined
      : await clustersInGroup(
          options.group,
          [...loaded.clusters, ...failedContexts].map((c) => c.clusterId),
          preferencesPath(options.env),
        );
  const selection = { context: options.context, clusters: options.clusters, groupIds };
  // Selecting over loaded and failed contexts together: naming a broken context is not a typo.
  const chosen = new Set(
    selectClusters<NamedCluster>([...loaded.clusters, ...failedContexts], selection).map((c) => c.clusterId),
  );
  const explicit = options.context !== undefined || options.clusters !== undefined || groupIds !== undefined;
  const targets = loaded.clusters.filter((cluster) => chosen.has(cluster.clusterId));
  const sourceErrors = loaded.errors.filter((error) =>
    error.context === undefined ? !explicit : chosen.has(`${error.source}:${error.context}`),
  );
  if (targets.length === 0 && sourceErrors.length === 0) {
    throw new UsageError(`no clusters to work on: no kubeconfig context found in ${options.kubeconfig}`);
  }

  const manager = new ClusterManager({
    connect: 'manual',
    session: {
      heartbeat: false,
      ...session,
      authRecovery: { authRetryDelaysMs: [NO_RECOVERY_WITHIN_A_COMMAND], ...session.authRecovery },
    },
  });
  manager.addAll(targets.map((cluster) => definitionFor(cluster)));
  const fleet = createFleet(manager, {
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  return {
    manager,
    fleet,
    targets,
    labels: clusterLabels(targets),
    sourceErrors,
    dispose: () => manager.dispose(),
  };
}
