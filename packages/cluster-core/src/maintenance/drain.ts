import { abortReason } from '../abort-error';
import { systemClock, type Clock } from '../clock';
import type { ClusterSession } from '../cluster-session';
import { FlotillaError } from '../errors';
import type { DrainProgressEvent } from '../events';
import { linkSignals } from '../linked-signal';
import { setUnschedulable } from './cordon';
import { drainablePods, podKey, type DrainPod } from './drain-pods';

export interface DrainOptions {
  /** Overrides each pod's termination grace period (kubectl `--grace-period`). */
  gracePeriodSeconds?: number;
  /** The whole drain, cordon to last pod gone. Default 5 minutes. */
  timeoutMs?: number;
  /** Skip DaemonSet pods (default true); when false, their presence fails the drain, as in kubectl. */
  ignoreDaemonSets?: boolean;
  /** Evict pods with emptyDir volumes, losing that data (kubectl `--delete-emptydir-data`). */
  deleteEmptyDirData?: boolean;
  /** Only pods matching this label selector. */
  podSelector?: string;
  /** Wait between evictions a PodDisruptionBudget refused (429). Default 5 s, like kubectl. */
  retryIntervalMs?: number;
  /** Period of the check that evicted pods are gone. Default 1 s. */
  pollIntervalMs?: number;
  /** Evictions in flight at once. Default 10. */
  concurrency?: number;
  signal?: AbortSignal;
  clock?: Clock;
}

export type DrainPhase = DrainProgressEvent['phase'];
export type DrainProgress = Omit<DrainProgressEvent, 'clusterId' | 'clusterName'>;

/** Like `kubectl drain`: 5 min overall, evictions refused by a budget retried every 5 s, 10 at a time. */
export const DEFAULT_DRAIN: Readonly<
  Record<'timeoutMs' | 'retryIntervalMs' | 'pollIntervalMs' | 'concurrency', number>
> = {
  timeoutMs: 5 * 60_000,
  retryIntervalMs: 5_000,
  pollIntervalMs: 1_000,
  concurrency: 10,
};

const TERMINAL: ReadonlySet<DrainPhase> = new Set(['completed', 'failed', 'cancelled']);
/** True once a drain has ended: `completed`, `failed` or `cancelled`. */
export const isTerminalPhase = (phase: DrainPhase) => TERMINAL.has(phase);

class DrainTimeout extends Error {}

/** Sleeps on the injected clock; rejects with the signal's reason when it aborts. */
function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortReason(signal));
    const onAbort = () => {
      clock.clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Drains one node of one cluster like `kubectl drain`: cordon, evict the node's pods through the
 * eviction API (DaemonSet and mirror pods skipped), retry evictions a PodDisruptionBudget refuses
 * until the deadline, then wait until the evicted pods are gone. Every step is published as
 * `cluster:drain:progress` on that cluster's session. Resolves with the final progress; never throws.
 */
export async function drainNode(
  session: ClusterSession,
  node: string,
  options: DrainOptions & { jobId: string; onProgress?: (progress: DrainProgress) => void },
): Promise<DrainProgress> {
  const clock = options.clock ?? systemClock;
  const settings = { ...DEFAULT_DRAIN, ...definedOnly(options) };
  const deadline = new AbortController();
  const linked = linkSignals(options.signal, deadline.signal);
  const signal = linked.signal;
  const timer = clock.setTimeout(() => deadline.abort(new DrainTimeout()), settings.timeoutMs);
  let progress: DrainProgress = {
    jobId: options.jobId,
    node,
    phase: 'cordoning',
    evicted: 0,
    remaining: 0,
    blocked: [],
  };
  const report = (patch: Partial<DrainProgress>) => {
    if (progress.phase !== 'cordoning' && !changes(progress, patch)) return;
    progress = { ...progress, ...patch };
    options.onProgress?.(progress);
    if (!session.isDisposed) session.publish('cluster:drain:progress', progress);
  };
  report({});
  try {
    await setUnschedulable(session, node, true, { signal });
    const pods = await listPods(session, node, options.podSelector, signal);
    const { evict, refusal } = drainablePods(pods, {
      ignoreDaemonSets: options.ignoreDaemonSets ?? true,
      deleteEmptyDirData: options.deleteEmptyDirData ?? false,
    });
    if (refusal) {
      report({ phase: 'failed', message: refusal });
      return progress;
    }
    report({ phase: 'evicting', remaining: evict.length });
    const blocked = new Set<string>();
    const queue = [...evict];
    const worker = async () => {
      for (let pod = queue.shift(); pod; pod = queue.shift()) {
        await evictUntilAccepted(
          session,
          pod,
          options.gracePeriodSeconds,
          signal,
          (isBlocked) => {
            if (isBlocked) blocked.add(podKey(pod as DrainPod));
            else blocked.delete(podKey(pod as DrainPod));
            report({ blocked: [...blocked].sort() });
          },
          () => sleep(clock, settings.retryIntervalMs, signal),
        );
        report({ evicted: progress.evicted + 1, remaining: progress.remaining - 1 });
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, settings.concurrency) }, worker));
    report({ phase: 'waiting', blocked: [] });
    await waitUntilGone(session, node, evict, signal, () => sleep(clock, settings.pollIntervalMs, signal));
    report({ phase: 'completed', message: `node ${node} drained` });
  } catch (error) {
    if (deadline.signal.aborted && deadline.signal.reason instanceof DrainTimeout) {
      const blocked =
        progress.blocked.length > 0
          ? `; blocked by a PodDisruptionBudget: ${progress.blocked.join(', ')}`
          : '';
      report({
        phase: 'failed',
        message: `drain of ${node} timed out after ${settings.timeoutMs} ms${blocked}`,
      });
    } else if (options.signal?.aborted || session.isDisposed) {
      report({ phase: 'cancelled', message: `drain of ${node} cancelled` });
    } else {
      report({ phase: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  } finally {
    clock.clearTimeout(timer);
    linked.release();
  }
  return progress;
}

/** Whether applying `patch` changes anything: a PDB retry that is refused again reports nothing new. */
function changes(progress: DrainProgress, patch: Partial<DrainProgress>): boolean {
  return (Object.keys(patch) as Array<keyof DrainProgress>).some((key) => {
    const next = patch[key];
    const current = progress[key];
    if (Array.isArray(next) && Array.isArray(current))
      return next.length !== current.length || next.some((v, i) => v !== current[i]);
    return next !== current;
  });
}

function definedOnly(options: DrainOptions): Partial<Record<keyof typeof DEFAULT_DRAIN, number>> {
  const out: Partial<Record<keyof typeof DEFAULT_DRAIN, number>> = {};
  for (const key of Object.keys(DEFAULT_DRAIN) as Array<keyof typeof DEFAULT_DRAIN>) {
    const value = options[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

async function listPods(
  session: ClusterSession,
  node: string,
  podSelector: string | undefined,
  signal: AbortSignal,
): Promise<DrainPod[]> {
  const response = await session.request<{ items: DrainPod[] }>({
    path: '/api/v1/pods',
    query: { fieldSelector: `spec.nodeName=${node}`, ...(podSelector ? { labelSelector: podSelector } : {}) },
    signal,
    source: 'drain',
    resourceKind: 'Pod',
  });
  return response.body.items;
}

/** POSTs the eviction; on 429 (a PodDisruptionBudget, or throttling) waits and tries again. */
async function evictUntilAccepted(
  session: ClusterSession,
  pod: DrainPod,
  gracePeriodSeconds: number | undefined,
  signal: AbortSignal,
  onBlocked: (blocked: boolean) => void,
  wait: () => Promise<void>,
): Promise<void> {
  const { name, namespace = 'default' } = pod.metadata;
  for (;;) {
    try {
      await session.request({
        method: 'POST',
        path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}/eviction`,
        body: {
          apiVersion: 'policy/v1',
          kind: 'Eviction',
          metadata: { name, namespace },
          ...(gracePeriodSeconds !== undefined ? { deleteOptions: { gracePeriodSeconds } } : {}),
        },
        signal,
        source: 'drain',
        resourceKind: 'Pod',
        identifier: `${namespace}/${name}`,
      });
      onBlocked(false);
      return;
    } catch (error) {
      if (error instanceof FlotillaError && error.kind === 'not-found') {
        onBlocked(false);
        return;
      }
      if (!(error instanceof FlotillaError) || error.status !== 429) throw error;
      onBlocked(true);
      await wait();
    }
  }
}

/** Polls the node's pods until none of the evicted ones (same uid: StatefulSets reuse names) is left. */
async function waitUntilGone(
  session: ClusterSession,
  node: string,
  evicted: readonly DrainPod[],
  signal: AbortSignal,
  wait: () => Promise<void>,
): Promise<void> {
  const uids = new Set(evicted.map((pod) => pod.metadata.uid));
  if (uids.size === 0) return;
  for (;;) {
    const pods = await listPods(session, node, undefined, signal);
    if (!pods.some((pod) => uids.has(pod.metadata.uid))) return;
    await wait();
  }
}
