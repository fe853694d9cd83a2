import {
  startSimulatedFleet,
  type SimulatedFleet,
  type SimulatedFleetOptions,
} from '@flotilla/cluster-testkit';
import { ClusterManager, type ClusterManagerOptions, type FleetBusEvents } from '../../cluster-manager';
import type { ClusterSession } from '../../cluster-session';
import { KubeconfigSync, type KubeconfigSyncOptions } from '../../node/kubeconfig-sync';

export interface RecordedEvent {
  type: keyof FleetBusEvents;
  payload: Record<string, unknown>;
  at: number;
}

/** Fast timers so fault detection happens within test time; the policies are the production ones. */
export const FAST_SESSION: NonNullable<ClusterManagerOptions['session']> = {
  heartbeat: { intervalMs: 200, timeoutMs: 400, jitter: 0.1 },
  authRecovery: {
    authRetryDelaysMs: [0, 150, 300, 450],
    steadyReprobeMs: 1000,
    connectivityReprobeMs: 500,
    probeTimeoutMs: 1000,
  },
  client: { retry: { maxRetries: 2 } },
};

export interface FleetHarness {
  fleet: SimulatedFleet;
  manager: ClusterManager;
  sync: KubeconfigSync;
  events: RecordedEvent[];
  session: (name: string) => ClusterSession;
  idOf: (name: string) => string;
  waitFor: <K extends keyof FleetBusEvents>(
    type: K,
    predicate?: (payload: FleetBusEvents[K]) => boolean,
    timeoutMs?: number,
  ) => Promise<FleetBusEvents[K]>;
  close: () => Promise<void>;
}

/** A simulated fleet, loaded into a ClusterManager from its kubeconfig, with every bus event recorded. */
export async function startFleetHarness(
  fleetOptions: SimulatedFleetOptions = {},
  managerOptions: ClusterManagerOptions = {},
  syncOptions: Omit<KubeconfigSyncOptions, 'kubeconfig'> = {},
): Promise<FleetHarness> {
  const fleet = await startSimulatedFleet({ clusters: 2, podsPerCluster: 5, ...fleetOptions });
  const manager = new ClusterManager({ session: FAST_SESSION, ...managerOptions });
  const events: RecordedEvent[] = [];
  manager.bus.on('*', (type, payload) =>
    events.push({ type, payload: payload as unknown as Record<string, unknown>, at: Date.now() }),
  );
  const sync = await KubeconfigSync.start(manager, { kubeconfig: fleet.kubeconfigPath, ...syncOptions });
  const idOf = (name: string) => {
    const session = manager.list().find((s) => s.clusterName === name);
    if (!session) throw new Error(`no session named ${name}`);
    return session.clusterId;
  };
  return {
    fleet,
    manager,
    sync,
    events,
    idOf,
    session: (name) => manager.require(idOf(name)),
    waitFor: (type, predicate = () => true, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          manager.bus.off(type, handler);
          reject(new Error(`no ${String(type)} event within ${timeoutMs} ms`));
        }, timeoutMs);
        const handler = (payload: FleetBusEvents[typeof type]) => {
          if (!predicate(payload)) return;
          clearTimeout(timer);
          manager.bus.off(type, handler);
          resolve(payload);
        };
        manager.bus.on(type, handler);
      }),
    close: async () => {
      sync.close();
      manager.dispose();
      await fleet.stop();
    },
  };
}
