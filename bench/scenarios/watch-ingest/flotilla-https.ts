import {
  ClusterManager,
  createFleet,
  FleetCache,
  type FleetCacheLease,
  type FleetStore,
} from '@flotilla/cluster-core';
import { KubeconfigSync } from '@flotilla/cluster-core/node';
import { waitUntil, type IngestSubject } from './ingest-subject';

export const FLOTILLA_STORE = 'Flotilla FleetCache → FleetStore';

const POD = 'Pod';

/** Pods the store holds, and whether every cluster is synced. */
export function storeState(
  store: FleetStore,
  clusterIds: readonly string[],
): { pods: number; synced: boolean } {
  let pods = 0;
  let synced = true;
  for (const id of clusterIds) {
    pods += store.bucketOf(id, POD)?.size ?? 0;
    if (store.syncState(id, POD)?.state !== 'synced') synced = false;
  }
  return { pods, synced };
}

/**
 * The real path of a live view: a `ClusterManager` (default `connect: 'all'`) loaded by
 * `KubeconfigSync`, `FleetCache.watch({ kind: 'pods' })`: per cluster discovery, an informer
 * (Reflector: paged list, then watch) in the session's registry, mirrored into the scope's
 * `FleetStore` with the default projection. Progress is read from the store itself: its version
 * grows by one per stored change, and its notifications come in 16 ms batches, as views see them.
 */
export class FlotillaHttpsSubject implements IngestSubject {
  readonly name = FLOTILLA_STORE;
  readonly holdsObjects = true;
  private manager: ClusterManager | undefined;
  private sync: KubeconfigSync | undefined;
  private cache: FleetCache | undefined;
  private lease: FleetCacheLease | undefined;
  private baseVersion = 0;

  constructor(private readonly kubeconfigPath: string) {}

  private get store(): FleetStore {
    if (!this.lease) throw new Error(`${this.name}: not started`);
    return this.lease.scope.store;
  }

  async start(expectedPods: number, boundMs: number): Promise<void> {
    this.manager = new ClusterManager();
    this.sync = await KubeconfigSync.start(this.manager, { kubeconfig: this.kubeconfigPath });
    this.cache = new FleetCache(this.manager, createFleet(this.manager).discovery);
    this.lease = this.cache.watch({ kind: 'pods' });
    const ids = this.manager.list().map((s) => s.clusterId);
    const store = this.store;
    const ready = () => {
      const state = storeState(store, ids);
      return state.synced && state.pods === expectedPods;
    };
    if (!(await waitUntil(ready, (l) => store.subscribe(l), boundMs)))
      throw new Error(
        `${this.name}: ${storeState(store, ids).pods} of ${expectedPods} pods after ${boundMs} ms`,
      );
    this.baseVersion = store.version;
  }

  updates(): number {
    return this.store.version - this.baseVersion;
  }

  waitForUpdates(count: number, boundMs: number): Promise<boolean> {
    const store = this.store;
    return waitUntil(
      () => this.updates() >= count,
      (l) => store.subscribe(l),
      boundMs,
    );
  }

  async stop(): Promise<void> {
    this.lease?.release();
    this.cache?.dispose();
    this.sync?.close();
    this.manager?.dispose();
    this.lease = undefined;
    this.cache = undefined;
    this.sync = undefined;
    this.manager = undefined;
  }
}
