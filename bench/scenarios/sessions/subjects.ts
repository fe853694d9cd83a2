import { setTimeout as sleep } from 'node:timers/promises';
import { ClusterManager, systemClock, type Clock, type ClusterManagerOptions } from '@flotilla/cluster-core';
import { KubeconfigSync } from '@flotilla/cluster-core/node';
import { ClientNodePoller, kubeConfigsByContext, type PollerOptions } from './client-node-poller';

/** Waits for `condition` without blocking the loop; throws naming `what` after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

/**
 * Sub-millisecond wall time for the sessions: with `Date.now()` tick lateness comes in whole
 * milliseconds, too coarse for the 0–2 ms values an idle loop produces.
 */
export const preciseClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimeout: (fn, ms) => systemClock.setTimeout(fn, ms),
  clearTimeout: (handle) => systemClock.clearTimeout(handle),
};

export interface RunningSessions {
  manager: ClusterManager;
  /** From `KubeconfigSync.start` until every session answered its first heartbeat. */
  readyMs: number;
  stop(): void;
}

/** Our subject: every context of the kubeconfig as a connected session, each with its heartbeat. */
export async function startSessions(
  kubeconfigPath: string,
  session: ClusterManagerOptions['session'] = {},
  readyTimeoutMs = 60_000,
): Promise<RunningSessions> {
  const started = performance.now();
  const manager = new ClusterManager({ session });
  const sync = await KubeconfigSync.start(manager, { kubeconfig: kubeconfigPath });
  const stop = () => {
    sync.close();
    manager.dispose();
  };
  try {
    await Promise.all(manager.list().map((s) => s.connect()));
    await until(
      () => manager.list().every((s) => s.getSnapshot().health === 'healthy'),
      readyTimeoutMs,
      'every session to report healthy',
    );
  } catch (error) {
    stop();
    throw error;
  }
  return { manager, readyMs: performance.now() - started, stop };
}

export interface RunningPollers {
  pollers: ClientNodePoller[];
  /** From creating the KubeConfigs until every poller's first poll settled. */
  readyMs: number;
  /** Polls that failed so far. */
  failures(): number;
  stop(): void;
}

/** The peer: one client-node KubeConfig, CoreV1Api and `setInterval` poller per context. */
export async function startPollers(
  kubeconfigPath: string,
  options: PollerOptions,
  readyTimeoutMs = 60_000,
): Promise<RunningPollers> {
  const started = performance.now();
  const settled = new Set<string>();
  let failures = 0;
  const pollers = [...kubeConfigsByContext(kubeconfigPath)].map(
    ([context, kc]) =>
      new ClientNodePoller(context, kc, {
        ...options,
        onResult: (result) => {
          settled.add(result.cluster);
          if (!result.ok) failures++;
          options.onResult?.(result);
        },
      }),
  );
  const stop = () => pollers.forEach((p) => p.stop());
  for (const poller of pollers) poller.start();
  try {
    await until(() => settled.size === pollers.length, readyTimeoutMs, 'every first poll to settle');
  } catch (error) {
    stop();
    throw error;
  }
  return { pollers, readyMs: performance.now() - started, failures: () => failures, stop };
}
