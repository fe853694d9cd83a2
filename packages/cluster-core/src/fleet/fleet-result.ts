import type { ClusterSession } from '../cluster-session';
import type { ClusterSnapshot } from '../cluster-state';
import type { SerializedFlotillaError } from '../errors';

/**
 * Which clusters an operation targets. `'connected'` still yields an entry for every other cluster
 * (`skipped`, with the reason), so a cluster that is down is never silently left out of a view.
 */
export type FleetTargets =
  'all' | 'connected' | { ids: readonly string[] } | { where: (cluster: ClusterSnapshot) => boolean };

export type FleetEntryStatus = 'ok' | 'error' | 'skipped' | 'cancelled';

export interface FleetEntryBase {
  clusterId: string;
  clusterName: string;
  /** From the moment this cluster's work started (not counting the wait for a concurrency slot). */
  durationMs: number;
}

export interface FleetFailedEntry extends FleetEntryBase {
  status: 'error' | 'cancelled';
  error: SerializedFlotillaError;
}

export interface FleetSkippedEntry extends FleetEntryBase {
  status: 'skipped';
  reason: string;
  /** What made the cluster unusable, when known (e.g. its last error, a failed dry-run). */
  error?: SerializedFlotillaError;
}

/** One cluster's outcome. Failed entries always carry a typed error: failed is never shown as empty. */
export type FleetEntry<T> =
  (FleetEntryBase & { status: 'ok'; value: T }) | FleetFailedEntry | FleetSkippedEntry;

/** One entry per targeted cluster, in target order, whatever happened to it. */
export interface FleetResult<T> {
  entries: Array<FleetEntry<T>>;
  /** True when any entry is not `ok`: merged data is then incomplete. */
  partial: boolean;
  durationMs: number;
}

/** An item of a merged list, tagged with the cluster it came from. */
export interface FleetItem<T> {
  clusterId: string;
  clusterName: string;
  object: T;
}

export type FleetListEntry<T> =
  (FleetEntryBase & { status: 'ok'; items: T[] }) | FleetFailedEntry | FleetSkippedEntry;

export interface FleetListResult<T> {
  entries: Array<FleetListEntry<T>>;
  items: Array<FleetItem<T>>;
  partial: boolean;
  durationMs: number;
}

/** Reported as each cluster finishes, so a UI can render healthy clusters before a slow one is done. */
export interface FleetProgress<E> {
  done: number;
  total: number;
  clusterId: string;
  clusterName: string;
  status: FleetEntryStatus;
  entry: E;
}

export interface FleetRunOptions<E> {
  /** Clusters worked on at once by this call, on top of each cluster's own rate limiter. Default 16. */
  concurrency?: number;
  /** Deadline per cluster; an entry that misses it is an `error` of kind `timeout`. Default 30 s. */
  timeoutMs?: number;
  /** Cancels every cluster still queued or running (their entries are `cancelled`). */
  signal?: AbortSignal;
  onProgress?: (progress: FleetProgress<E>) => void;
}

/** Work for one cluster; `signal` fires on the cluster's deadline or the caller's cancellation. */
export type FleetTask<T> = (session: ClusterSession, signal: AbortSignal) => Promise<T>;

export function isPartial(entries: ReadonlyArray<{ status: FleetEntryStatus }>): boolean {
  return entries.some((entry) => entry.status !== 'ok');
}

/** The list view of a run whose tasks returned arrays: `value` becomes `items`, and all are merged. */
export function toListResult<T>(result: FleetResult<T[]>): FleetListResult<T> {
  const entries = result.entries.map(toListEntry);
  const items = entries.flatMap((entry) =>
    entry.status === 'ok'
      ? entry.items.map((object) => ({ clusterId: entry.clusterId, clusterName: entry.clusterName, object }))
      : [],
  );
  return { entries, items, partial: result.partial, durationMs: result.durationMs };
}

export function toListEntry<T>(entry: FleetEntry<T[]>): FleetListEntry<T> {
  if (entry.status !== 'ok') return entry;
  const { value, ...rest } = entry;
  return { ...rest, items: value };
}

/** Options of the fleet helpers (list, get, request …): which clusters, plus the run options. */
export interface FleetCallOptions<E> extends FleetRunOptions<E> {
  /** Default `'all'`: every cluster gets an entry, whatever its state. */
  targets?: FleetTargets;
}
