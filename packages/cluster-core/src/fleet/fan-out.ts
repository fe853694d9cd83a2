import { systemClock, type Clock } from '../clock';
import type { ClusterManager } from '../cluster-manager';
import type { ClusterSession } from '../cluster-session';
import { FlotillaError, type SerializedFlotillaError } from '../errors';
import { ConcurrencyLimit } from './concurrency-limit';
import {
  isPartial,
  type FleetEntry,
  type FleetResult,
  type FleetRunOptions,
  type FleetTargets,
  type FleetTask,
} from './fleet-result';

/** Clusters one fleet call works on at once. */
export const DEFAULT_FLEET_CONCURRENCY = 16;
/** Deadline of one fleet call in each cluster. */
export const DEFAULT_FLEET_TIMEOUT_MS = 30_000;

export interface FanOutOptions<T> extends FleetRunOptions<FleetEntry<T>> {
  clock?: Clock;
}

type Planned = { session: ClusterSession } | { entry: FleetEntry<never> };

/**
 * Runs `task` once per targeted cluster and settles with one entry per cluster. Never rejects
 * because of a cluster: each one's failure, deadline or cancellation is its own entry, and the
 * call returns as soon as the last cluster finished or missed its deadline — a task that ignores
 * its signal is not waited for.
 */
export async function fanOut<T>(
  manager: ClusterManager,
  targets: FleetTargets,
  task: FleetTask<T>,
  options: FanOutOptions<T> = {},
): Promise<FleetResult<T>> {
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  const plan = planTargets(manager, targets);
  const limit = new ConcurrencyLimit(options.concurrency ?? DEFAULT_FLEET_CONCURRENCY);
  const entries = new Array<FleetEntry<T>>(plan.length);
  let done = 0;
  const finish = (index: number, entry: FleetEntry<T>) => {
    entries[index] = entry;
    done++;
    const progress = { done, total: plan.length, ...ref(entry), status: entry.status, entry };
    try {
      options.onProgress?.(progress);
    } catch {
      // A throwing progress listener must not turn into a failed cluster or a rejected call.
    }
  };
  // One listener on the caller's signal, relayed to a signal per cluster: a listener per cluster
  // would pile dozens onto one signal in a large fleet (and Node warns past ten).
  const perCluster = plan.map(() => new AbortController());
  const cancelAll = () => {
    for (const controller of perCluster) controller.abort();
  };
  options.signal?.addEventListener('abort', cancelAll, { once: true });
  if (options.signal?.aborted) cancelAll();
  try {
    await Promise.all(
      plan.map(async (planned, index) => {
        if ('entry' in planned) return finish(index, planned.entry);
        const signal = (perCluster[index] as AbortController).signal;
        finish(index, await runOne(planned.session, task, limit, clock, { ...options, signal }));
      }),
    );
  } finally {
    options.signal?.removeEventListener('abort', cancelAll);
  }
  return { entries, partial: isPartial(entries), durationMs: clock.now() - started };
}

function planTargets(manager: ClusterManager, targets: FleetTargets): Planned[] {
  if (targets === 'all') return manager.list().map((session) => ({ session }));
  if (targets === 'connected') {
    return manager.list().map((session): Planned => {
      const snapshot = session.getSnapshot();
      if (snapshot.connection === 'connected') return { session };
      return {
        entry: {
          ...ref(session),
          status: 'skipped',
          reason: `not connected (${snapshot.connection})`,
          ...(snapshot.lastError ? { error: snapshot.lastError } : {}),
          durationMs: 0,
        },
      };
    });
  }
  if ('where' in targets) {
    return manager
      .list()
      .filter((session) => targets.where(session.getSnapshot()))
      .map((session) => ({ session }));
  }
  return [...new Set(targets.ids)].map((id): Planned => {
    const session = manager.get(id);
    if (session) return { session };
    const error = new FlotillaError({
      kind: 'unknown-cluster',
      clusterId: id,
      message: `unknown cluster "${id}"`,
      retryable: false,
    });
    return {
      entry: { clusterId: id, clusterName: id, status: 'error', error: error.toJSON(), durationMs: 0 },
    };
  });
}

async function runOne<T>(
  session: ClusterSession,
  task: FleetTask<T>,
  limit: ConcurrencyLimit,
  clock: Clock,
  options: FanOutOptions<T>,
): Promise<FleetEntry<T>> {
  const release = await limit.acquire(options.signal);
  if (!release) return failed(session, 'cancelled', cancelledError(session), 0);
  const started = clock.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_FLEET_TIMEOUT_MS;
  const controller = new AbortController();
  let cause: 'deadline' | 'cancelled' | null = null;
  let stop!: () => void;
  const stopped = new Promise<never>((_, reject) => {
    stop = () => reject(new Error('stopped'));
  });
  const end = (why: 'deadline' | 'cancelled') => {
    if (cause !== null) return;
    cause = why;
    controller.abort();
    stop();
  };
  const onAbort = () => end('cancelled');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) end('cancelled');
  const timer = clock.setTimeout(() => end('deadline'), timeoutMs);
  try {
    const value = await Promise.race([
      Promise.resolve().then(() => task(session, controller.signal)),
      stopped,
    ]);
    return { ...ref(session), status: 'ok', value, durationMs: clock.now() - started };
  } catch (error) {
    const durationMs = clock.now() - started;
    if (cause === 'deadline') return failed(session, 'error', timeoutError(session, timeoutMs), durationMs);
    if (cause === 'cancelled') return failed(session, 'cancelled', cancelledError(session), durationMs);
    const failure = asFlotillaError(session, error);
    return failed(session, failure.kind === 'cancelled' ? 'cancelled' : 'error', failure, durationMs);
  } finally {
    clock.clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    release();
  }
}

function ref(cluster: { clusterId: string; clusterName: string }) {
  return { clusterId: cluster.clusterId, clusterName: cluster.clusterName };
}

function failed(
  session: ClusterSession,
  status: 'error' | 'cancelled',
  error: FlotillaError,
  durationMs: number,
): FleetEntry<never> {
  return { ...ref(session), status, error: error.toJSON(), durationMs };
}

function timeoutError(session: ClusterSession, timeoutMs: number): FlotillaError {
  return new FlotillaError({ ...ref(session), kind: 'timeout', message: `no result within ${timeoutMs} ms` });
}

function cancelledError(session: ClusterSession): FlotillaError {
  return new FlotillaError({ ...ref(session), kind: 'cancelled', message: 'cancelled' });
}

/**
 * Anything a task throws that is not already typed is reported as `invalid`: it is a fault of the
 * task or its input, not of the cluster, and retrying it unchanged will not help.
 */
export function asFlotillaError(
  cluster: { clusterId: string; clusterName: string },
  error: unknown,
): FlotillaError {
  if (error instanceof FlotillaError) return error;
  return new FlotillaError({
    ...ref(cluster),
    kind: 'invalid',
    retryable: false,
    message: error instanceof Error ? error.message : String(error),
    cause: error,
  });
}

export function serialize(
  cluster: { clusterId: string; clusterName: string },
  error: unknown,
): SerializedFlotillaError {
  return asFlotillaError(cluster, error).toJSON();
}
