import { setTimeout as sleep } from 'node:timers/promises';
import { median, percentile } from '../../lib/stats';
import type { ChildFleet } from '../../lib/child-fleet/child-fleet';
import { preciseClock, startPollers, startSessions } from './subjects';

export interface LatenessSize {
  intervalMs: number;
  timeoutMs: number;
  /** Pause between the hang and the first window; the warm-up windows after it are dropped too. */
  hangWarmupMs: number;
  windowMs: number;
  warmup: number;
  runs: number;
}

export interface WindowLateness {
  ticks: number;
  p50: number;
  p99: number;
  max: number;
}

export interface LatenessResult {
  windows: WindowLateness[];
  /** Every measured tick of the healthy clusters, pooled over the measured windows. */
  pooled: WindowLateness;
  readyMs: number;
}

interface Sample {
  at: number;
  latenessMs: number;
}

function summarize(values: readonly number[]): WindowLateness {
  // A window without ticks means the heartbeats stopped altogether: a broken run, not a figure.
  if (values.length === 0) throw new Error('no heartbeat tick of a healthy cluster in a lateness window');
  return {
    ticks: values.length,
    p50: median(values),
    p99: percentile(values, 99),
    max: Math.max(...values),
  };
}

/** Cuts the samples into back-to-back windows after a warm-up; the first `warmup` windows are dropped. */
async function collectWindows(
  samples: Sample[],
  now: () => number,
  size: LatenessSize,
): Promise<Pick<LatenessResult, 'windows' | 'pooled'>> {
  await sleep(size.hangWarmupMs);
  const windows: WindowLateness[] = [];
  const pooled: number[] = [];
  for (let i = 0; i < size.warmup + size.runs; i++) {
    const from = now();
    await sleep(size.windowMs);
    const to = now();
    const values = samples.filter((s) => s.at >= from && s.at < to).map((s) => s.latenessMs);
    if (i < size.warmup) continue;
    windows.push(summarize(values));
    pooled.push(...values);
  }
  return { windows, pooled: summarize(pooled) };
}

/** Sessions with a shortened heartbeat; `hung` hangs once all are healthy and its ticks are not counted. */
export async function sessionLateness(
  fleet: ChildFleet,
  hung: string,
  size: LatenessSize,
): Promise<LatenessResult> {
  const samples: Sample[] = [];
  const sessions = await startSessions(fleet.kubeconfigPath, {
    heartbeat: { intervalMs: size.intervalMs, timeoutMs: size.timeoutMs },
    clock: preciseClock,
    onHeartbeatLateness: (sample) => {
      if (sample.clusterName !== hung) samples.push({ at: sample.firedAt, latenessMs: sample.latenessMs });
    },
  });
  try {
    await fleet.fault(hung, 'hang');
    const result = await collectWindows(samples, () => preciseClock.now(), size);
    const hungSession = sessions.manager.list().find((s) => s.clusterName === hung);
    if (hungSession?.getSnapshot().health !== 'degraded')
      throw new Error(
        `${hung} was hung but its session is ${hungSession?.getSnapshot().health ?? 'missing'}`,
      );
    return { ...result, readyMs: sessions.readyMs };
  } finally {
    sessions.stop();
    await fleet.heal(hung);
  }
}

/** The naive peer under the same hang: without a poll deadline, polls of the hung cluster pile up. */
export async function pollerLateness(
  fleet: ChildFleet,
  hung: string,
  size: LatenessSize,
): Promise<LatenessResult> {
  const samples: Sample[] = [];
  const pollers = await startPollers(fleet.kubeconfigPath, {
    intervalMs: size.intervalMs,
    onLateness: (cluster, latenessMs) => {
      if (cluster !== hung) samples.push({ at: performance.now(), latenessMs });
    },
  });
  try {
    await fleet.fault(hung, 'hang');
    const result = await collectWindows(samples, () => performance.now(), size);
    return { ...result, readyMs: pollers.readyMs };
  } finally {
    pollers.stop();
    await fleet.heal(hung);
  }
}
