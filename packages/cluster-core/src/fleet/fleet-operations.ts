import { systemClock, type Clock } from '../clock';
import type { ClusterManager } from '../cluster-manager';
import type { SessionRequest } from '../cluster-session';
import { BatchOperations } from './batch';
import { ClusterOperations } from './cluster-operations';
import { FleetDiscovery, type DiscoveryOptions } from './discovery';
import { DEFAULT_FLEET_CONCURRENCY, DEFAULT_FLEET_TIMEOUT_MS, fanOut } from './fan-out';
import {
  toListEntry,
  toListResult,
  type FleetCallOptions,
  type FleetEntry,
  type FleetListEntry,
  type FleetListResult,
  type FleetResult,
  type FleetRunOptions,
  type FleetTargets,
  type FleetTask,
} from './fleet-result';
import { readInventory, type ClusterInventory } from './inventory';
import { listAll, type FleetListOptions } from './list-pages';
import { FleetPermissions, type PermissionsOptions } from './permissions';

export interface FleetOptions {
  /** Defaults for every call: concurrency 16 clusters at once, 30 s per cluster. */
  concurrency?: number;
  timeoutMs?: number;
  discovery?: Omit<DiscoveryOptions, 'clock'>;
  permissions?: Omit<PermissionsOptions, 'clock'>;
  /** Server-side apply field manager. Default `flotilla`. */
  fieldManager?: string;
  clock?: Clock;
}

/** A read sent to every targeted cluster; writes name their cluster (`clusters.*`, `batch.*`). */
export type FleetReadRequest = Omit<SessionRequest, 'method' | 'signal' | 'body' | 'idempotent'> & {
  method?: 'GET' | 'HEAD';
};

/**
 * Operations over many clusters of one manager. Each cluster is worked on alone — its deadline,
 * failure or cancellation is its own entry — and results arrive per cluster as they finish.
 */
export class FleetOperations {
  readonly discovery: FleetDiscovery;
  readonly permissions: FleetPermissions;
  /** Reads and writes of one object in one named cluster. */
  readonly clusters: ClusterOperations;
  /** The same manifests applied to or deleted from several clusters, dry-run first. */
  readonly batch: BatchOperations;
  private readonly clock: Clock;

  constructor(
    readonly manager: ClusterManager,
    private readonly options: FleetOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.discovery = new FleetDiscovery(manager, { ...options.discovery, clock: this.clock });
    this.permissions = new FleetPermissions(manager, this.discovery, {
      ...options.permissions,
      clock: this.clock,
    });
    this.clusters = new ClusterOperations(manager, this.discovery, {
      clock: this.clock,
      ...(options.fieldManager ? { fieldManager: options.fieldManager } : {}),
    });
    this.batch = new BatchOperations(manager, this.clusters, this.clock);
  }

  /** Runs `task` in every targeted cluster; one entry per cluster, never a rejection because of one. */
  run<T>(
    targets: FleetTargets,
    task: FleetTask<T>,
    options: FleetRunOptions<FleetEntry<T>> = {},
  ): Promise<FleetResult<T>> {
    return fanOut(this.manager, targets, task, {
      concurrency: this.options.concurrency ?? DEFAULT_FLEET_CONCURRENCY,
      timeoutMs: this.options.timeoutMs ?? DEFAULT_FLEET_TIMEOUT_MS,
      ...options,
      clock: this.clock,
    });
  }

  /**
   * Lists a kind (`pods`, `deploy`, `crontabs.stable.example.com` …) in every targeted cluster,
   * resolved per cluster, all pages followed; `items` are merged and tagged with their cluster.
   */
  async list<T = unknown>(
    kind: string,
    options: FleetListOptions & FleetCallOptions<FleetListEntry<T>> = {},
  ): Promise<FleetListResult<T>> {
    const { targets = 'all', concurrency, timeoutMs, signal, onProgress, ...list } = options;
    const result = await this.run<T[]>(
      targets,
      async (session, abort) => {
        const resource = await this.discovery.of(session).resolve(kind, abort);
        return listAll<T>(session, resource, list, abort);
      },
      {
        ...runOptions({ concurrency, timeoutMs, signal }),
        ...(onProgress ? { onProgress: (p) => onProgress({ ...p, entry: toListEntry(p.entry) }) } : {}),
      },
    );
    return toListResult(result);
  }

  /** Reads one named object in every targeted cluster (a 404 is that cluster's `not-found` error). */
  get<T = unknown>(
    kind: string,
    name: string,
    options: { namespace?: string; maxResponseBytes?: number } & FleetCallOptions<FleetEntry<T>> = {},
  ): Promise<FleetResult<T>> {
    const { targets = 'all', namespace, maxResponseBytes, ...run } = options;
    return this.run<T>(
      targets,
      (session, signal) =>
        this.clusters.get<T>(session.clusterId, kind, name, {
          signal,
          ...(namespace !== undefined ? { namespace } : {}),
          ...(maxResponseBytes !== undefined ? { maxResponseBytes } : {}),
        }),
      run,
    );
  }

  /** Sends one read to every targeted cluster; each entry's value is that cluster's body. */
  request<T = unknown>(
    request: FleetReadRequest,
    options: FleetCallOptions<FleetEntry<T>> = {},
  ): Promise<FleetResult<T>> {
    const method: string = request.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD')
      throw new TypeError(
        `fleet.request sends reads only; ${method} takes an explicit cluster (fleet.clusters)`,
      );
    const { targets = 'all', ...run } = options;
    return this.run<T>(
      targets,
      async (session, signal) => (await session.request<T>({ ...request, signal })).body,
      run,
    );
  }

  /**
   * Lists nodes and counts pods per cluster and records them in its metadata (`nodes`,
   * `allocatable`, `pods`). A cluster that fails keeps what it showed before: failed is not empty.
   */
  refreshInventory(
    options: FleetCallOptions<FleetEntry<ClusterInventory>> = {},
  ): Promise<FleetResult<ClusterInventory>> {
    const { targets = 'all', ...run } = options;
    return this.run(
      targets,
      async (session, signal) => {
        const inventory = await readInventory(session, signal);
        if (!signal.aborted) session.setInventory(inventory);
        return inventory;
      },
      run,
    );
  }
}

/** Operations over the clusters of `manager`. */
export function createFleet(manager: ClusterManager, options: FleetOptions = {}): FleetOperations {
  return new FleetOperations(manager, options);
}

function runOptions(options: {
  concurrency?: number | undefined;
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
}) {
  return {
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
}
