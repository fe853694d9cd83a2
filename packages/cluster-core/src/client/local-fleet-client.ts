import type { BackoffOptions } from '../backoff';
import { defaultRandom, systemClock, type Clock, type RandomSource } from '../clock';
import type { ClusterManager, FleetBusEvents } from '../cluster-manager';
import { FleetCache } from '../fleet-cache/fleet-cache';
import { createFleet, type FleetOperations } from '../fleet/fleet-operations';
import type { Projection } from '../fleet-store/projection';
import { timeoutScheduler, type NotifyScheduler } from '../fleet-store/scheduler';
import type { KubeObjectLike } from '../fleet-store/types';
import { DrainJobStore } from '../maintenance/drain-job-store';
import { Subscribable } from '../subscribable';
import type {
  ComparisonQuery,
  FleetClient,
  FleetEventHandler,
  FleetLinkSnapshot,
  FleetView,
  ResourceQuery,
} from './fleet-client';
import { DEFAULT_INVENTORY_INTERVAL_MS, InventoryRefresher } from './inventory-refresher';
import { ViewTracker } from './lazy-view';
import { localActions } from './local-actions';
import { LocalComparisonView } from './local-comparison-view';
import { exportReport } from './local-export';
import { LocalPermissionsView } from './local-permissions-view';
import { DEFAULT_POD_LOG_LINES, LocalPodLogView } from './local-pod-log-view';
import { LocalResourcesView } from './local-resources-view';

export interface LocalFleetClientOptions {
  /** Fleet operations to share (their discovery and permission caches); default one of its own. */
  fleet?: FleetOperations;
  /** Drain jobs to show and start; default a store of its own, disposed by `close()`. */
  drainJobs?: DrainJobStore;
  clock?: Clock;
  random?: RandomSource;
  /** Batches view notifications; default a 16 ms window on `clock`. */
  scheduler?: NotifyScheduler;
  /** What live views keep of each object; default drops managedFields and last-applied-configuration. */
  projection?: Projection;
  /** Retries of a kind lookup that failed in one cluster; default 0.8 s doubling to 30 s, jittered. */
  resolveBackoff?: Omit<BackoffOptions, 'clock' | 'random'>;
  /** Period of each cluster's inventory refresh after it connects; default 60 s, 0 turns it off. */
  inventoryIntervalMs?: number;
  /** Lines a pod log view keeps; default 1,000. */
  podLogLines?: number;
  /** How long an export waits for every cluster to answer before reporting what it has; default 15 s. */
  exportTimeoutMs?: number;
}

const OPEN: FleetLinkSnapshot = Object.freeze({ state: 'open', nextRetryAt: null, reason: null });
const CLOSED: FleetLinkSnapshot = Object.freeze({ state: 'closed', nextRetryAt: null, reason: 'closed' });

/** The in-process link: open until the client is closed. */
class LocalLink extends Subscribable<() => void> implements FleetView<FleetLinkSnapshot> {
  private snapshot = OPEN;
  getSnapshot = (): FleetLinkSnapshot => this.snapshot;
  close(): void {
    if (this.snapshot === CLOSED) return;
    this.snapshot = CLOSED;
    for (const listener of [...this.listeners]) listener();
  }
}

/**
 * A {@link FleetClient} over a {@link ClusterManager} in the same process (Electron, a Node
 * console, the bridge server). Everything it returns is plain data, so a bridge can send it as is.
 * Views are lazy: they watch while subscribed. `close()` stops every view, timer and job store it
 * started; the manager itself is the caller's and stays as it is.
 */
export function createLocalFleetClient(
  manager: ClusterManager,
  options: LocalFleetClientOptions = {},
): FleetClient {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? defaultRandom;
  const scheduler = options.scheduler ?? timeoutScheduler(16, clock);
  const fleet = options.fleet ?? createFleet(manager, { clock });
  const ownsDrains = !options.drainJobs;
  const drains = options.drainJobs ?? new DrainJobStore(manager, { clock });
  const cache = new FleetCache(manager, fleet.discovery, {
    clock,
    random,
    scheduler,
    ...(options.projection ? { projection: options.projection } : {}),
    ...(options.resolveBackoff ? { resolveBackoff: options.resolveBackoff } : {}),
  });
  const inventory = new InventoryRefresher(
    manager,
    fleet,
    clock,
    options.inventoryIntervalMs ?? DEFAULT_INVENTORY_INTERVAL_MS,
  );
  const views = new ViewTracker();
  const handlers = new Set<() => void>();
  const link = new LocalLink();

  const resources = <T extends KubeObjectLike = KubeObjectLike>(query: ResourceQuery) =>
    new LocalResourcesView<T>(views, cache, manager, query);
  const comparison = (query: ComparisonQuery) => {
    const { name: _name, ...scope } = query;
    return new LocalComparisonView(views, query, resources(scope), manager, fleet.discovery, clock);
  };

  const client: FleetClient = {
    getSnapshot: manager.getSnapshot,
    subscribe: (listener) => manager.subscribe(() => listener()),
    link,
    getCluster: (clusterId) => manager.get(clusterId)?.getSnapshot(),
    setActive: async (clusterId) => manager.setActive(clusterId),
    connect: async (clusterId) => manager.connect(clusterId),
    disconnect: async (clusterId) => manager.disconnect(clusterId),
    retryAuth: async (clusterId) => manager.retryAuth(clusterId),
    onEvent(handler: FleetEventHandler) {
      const forward = (type: keyof FleetBusEvents, payload: unknown) =>
        (handler as (type: string, payload: unknown) => void)(type, payload);
      manager.bus.on('*', forward);
      const off = () => {
        manager.bus.off('*', forward);
        handlers.delete(off);
      };
      handlers.add(off);
      return off;
    },
    resources,
    comparison,
    permissions: (query) => new LocalPermissionsView(views, manager, fleet.permissions, query),
    drainJobs: (filter = {}) => ({
      getSnapshot: () => drains.select(filter),
      subscribe: (listener) => drains.subscribe(listener),
    }),
    podLogs: (clusterId, query) =>
      new LocalPodLogView(
        views,
        manager,
        clusterId,
        { ...query },
        options.podLogLines ?? DEFAULT_POD_LOG_LINES,
        scheduler,
      ),
    export: (request) =>
      exportReport(
        { manager, clock, timeoutMs: options.exportTimeoutMs ?? 15_000, resources, comparison },
        request,
      ),
    actions: localActions(manager, fleet, drains),
    close() {
      views.close();
      for (const off of [...handlers]) off();
      inventory.close();
      cache.dispose();
      if (ownsDrains) drains.dispose();
      link.close();
    },
  };
  return client;
}
