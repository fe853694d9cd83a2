import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startSimulatedFleet,
  type SimulatedCluster,
  type SimulatedFleet,
  type SimulatedFleetOptions,
} from '@flotilla/cluster-testkit';
import { ClusterManager, type ClusterManagerOptions } from '../../cluster-manager';
import type { LocalFleetClientOptions } from '../../client/local-fleet-client';
import { createFleet } from '../../fleet/fleet-operations';
import { definitionFor, type NodeTransportSettings } from '../../node/cluster-definition';
import { loadKubeconfigSources } from '../../node/kubeconfig/load-kubeconfig-sources';
import { KubeconfigSync } from '../../node/kubeconfig-sync';
import { FAST_SESSION } from '../support/fleet-harness';

/** What a conformance test asks of the fleet it runs against. */
export interface ConformanceSetup {
  fleet?: SimulatedFleetOptions;
  manager?: Omit<ClusterManagerOptions, 'session'>;
}

/** Deadlines short enough that a hung cluster is reported within a test, long enough for a busy CI. */
export const CONFORMANCE_TRANSPORT: NodeTransportSettings = {
  transport: { requestTimeoutMs: 2000, connectTimeoutMs: 1000 },
};

const SESSION: NonNullable<ClusterManagerOptions['session']> = {
  ...FAST_SESSION,
  // Bookmarks every 300 ms keep a healthy watch busy, so 3 s of silence is a stalled server.
  informers: { backoff: { initialMs: 50, maxMs: 500 }, idleTimeoutMs: 3000 },
};

/**
 * A simulated fleet over HTTPS, loaded into a ClusterManager with production policies on fast
 * timers. Both the in-process client and the bridge client are built over one of these.
 */
export interface ConformanceFleet {
  fleet: SimulatedFleet;
  manager: ClusterManager;
  /** Options for `createLocalFleetClient(manager, …)` that match the fast timers. */
  clientOptions(): LocalFleetClientOptions;
  /** Adds a cluster to the manager (as a kubeconfig context would be); resolves to its id. */
  addCluster(cluster: SimulatedCluster): Promise<string>;
  close(): Promise<void>;
}

export async function startConformanceFleet(setup: ConformanceSetup = {}): Promise<ConformanceFleet> {
  const fleet = await startSimulatedFleet({
    clusters: 3,
    podsPerCluster: 8,
    ...setup.fleet,
    clusterDefaults: { bookmarkIntervalMs: 300, logLineIntervalMs: 50, ...setup.fleet?.clusterDefaults },
  });
  const manager = new ClusterManager({ ...setup.manager, session: SESSION });
  const sync = await KubeconfigSync.start(manager, {
    kubeconfig: fleet.kubeconfigPath,
    ...CONFORMANCE_TRANSPORT,
  });
  const scratch = await mkdtemp(join(tmpdir(), 'flotilla-conformance-'));
  return {
    fleet,
    manager,
    clientOptions: () => ({
      fleet: createFleet(manager, { discovery: { requestTimeoutMs: 1500 }, timeoutMs: 5000 }),
      resolveBackoff: { initialMs: 100, maxMs: 1000 },
      exportTimeoutMs: 5000,
      inventoryIntervalMs: 500,
    }),
    async addCluster(cluster) {
      const path = join(scratch, `${cluster.name}.kubeconfig`);
      await writeFile(path, cluster.kubeconfig({ user: 'admin' }), { mode: 0o600 });
      const loaded = await loadKubeconfigSources(path);
      const discovered = loaded.clusters[0];
      if (!discovered) throw new Error(`no context in the kubeconfig of ${cluster.name}`);
      return manager.add(definitionFor(discovered, CONFORMANCE_TRANSPORT)).clusterId;
    },
    async close() {
      sync.close();
      manager.dispose();
      await fleet.stop();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}
