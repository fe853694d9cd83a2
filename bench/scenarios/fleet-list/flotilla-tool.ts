import {
  ClusterManager,
  createFleet,
  type FleetListEntry,
  type FleetOperations,
} from '@flotilla/cluster-core';
import { KubeconfigSync } from '@flotilla/cluster-core/node';
import { RunTracker, type FleetListTool, type ToolRun } from './run-tracker';

export const FLOTILLA_WARM = 'Flotilla core, long-lived manager';
export const FLOTILLA_COLD = 'Flotilla core, new manager per run';

interface LoadedFleet {
  manager: ClusterManager;
  sync: KubeconfigSync;
  fleet: FleetOperations;
  clusterNames: string[];
}

/**
 * `connect: 'manual'`: sessions do nothing until asked (no probe, no heartbeat), so a run measures
 * the list alone, as `flotilla get` does; the defaults of `createFleet` (16 clusters at once, 30 s
 * per cluster) apply.
 */
async function loadFleet(kubeconfig: string): Promise<LoadedFleet> {
  const manager = new ClusterManager({ connect: 'manual' });
  const sync = await KubeconfigSync.start(manager, { kubeconfig });
  return {
    manager,
    sync,
    fleet: createFleet(manager),
    clusterNames: manager.list().map((s) => s.clusterName),
  };
}

function close(loaded: LoadedFleet): void {
  loaded.sync.close();
  loaded.manager.dispose();
}

/** Records one cluster's entry: its typed error kind and message when it failed. */
function settleEntry(tracker: RunTracker, entry: FleetListEntry<unknown>): void {
  if (entry.status === 'ok') tracker.settle(entry.clusterName, { ok: true, items: entry.items.length });
  else {
    const error = entry.error ? `${entry.error.kind}: ${entry.error.message}` : entry.status;
    tracker.settle(entry.clusterName, { ok: false, error });
  }
}

function listInto(loaded: LoadedFleet, tracker: RunTracker, signal: AbortSignal): Promise<unknown> {
  return loaded.fleet.list('pods', { signal, onProgress: ({ entry }) => settleEntry(tracker, entry) });
}

/**
 * `createFleet(manager).list('pods')` over a manager that lives across runs, as in an app: keep-alive
 * connections and the per-cluster discovery cache (5 min) carry over from one list to the next.
 */
export class FlotillaWarmTool implements FleetListTool {
  readonly name = FLOTILLA_WARM;
  private loaded: LoadedFleet | undefined;

  constructor(private readonly kubeconfigPath: string) {}

  async prepare(): Promise<void> {
    this.loaded ??= await loadFleet(this.kubeconfigPath);
  }

  start(): ToolRun {
    const loaded = this.loaded;
    if (!loaded) throw new Error(`${this.name}: prepare() first`);
    const tracker = new RunTracker(loaded.clusterNames);
    const controller = new AbortController();
    void listInto(loaded, tracker, controller.signal);
    return { tracker, stop: async () => controller.abort() };
  }

  async dispose(): Promise<void> {
    if (this.loaded) close(this.loaded);
    this.loaded = undefined;
  }
}

/**
 * The same list from nothing each run — read the kubeconfig, build the manager, discover, connect,
 * list — then dispose: what a short-lived script pays, without the process start of the CLI.
 */
export class FlotillaColdTool implements FleetListTool {
  readonly name = FLOTILLA_COLD;

  constructor(
    private readonly kubeconfigPath: string,
    private readonly clusterNames: readonly string[],
  ) {}

  start(): ToolRun {
    const tracker = new RunTracker(this.clusterNames);
    const controller = new AbortController();
    const loading = loadFleet(this.kubeconfigPath);
    const listed = loading.then((loaded) => listInto(loaded, tracker, controller.signal));
    return {
      tracker,
      stop: async () => {
        controller.abort();
        await listed.catch(() => undefined);
        close(await loading);
      },
    };
  }
}
