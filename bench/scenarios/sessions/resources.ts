import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_HEARTBEAT } from '@flotilla/cluster-core';
import { collectGarbage } from '../../lib/gc';
import type { ChildFleet } from '../../lib/child-fleet/child-fleet';
import { startBarePollers } from './bare-poller';
import { startPollers, startSessions } from './subjects';

export interface ResourceSize {
  clusters: number;
  windowMs: number;
  baselineWindowMs: number;
  settleMs: number;
  warmup: number;
  runs: number;
}

/** One subject's readings in one round. */
export interface SubjectReading {
  /** CPU of this process over the window, % of one core. */
  cpuPercent: number;
  /** The kernel (system) part of `cpuPercent`. */
  systemPercent: number;
  /** CPU of the fleet process over the same window, % of one core. */
  fleetCpuPercent: number;
  heapPerSessionKiB: number;
  externalPerSessionKiB: number;
  readyMs: number;
  /** Peer only: polls that failed before the window ended. */
  failures: number;
}

export interface ResourceRound {
  baseline: Pick<SubjectReading, 'cpuPercent' | 'systemPercent' | 'fleetCpuPercent'>;
  ours: SubjectReading;
  /** The same sessions with `heartbeat.alignMs: 0`: every cluster's timer at its exact due time. */
  exact: SubjectReading;
  /** Bare keep-alive `https.request` pollers on the sessions' default schedule: the floor. */
  floor: SubjectReading;
  peer: SubjectReading;
}

const KIB = 1024;

async function cpuWindow(fleet: ChildFleet, windowMs: number) {
  const fleetBefore = await fleet.cpuMs();
  const before = process.cpuUsage();
  const started = performance.now();
  await sleep(windowMs);
  const used = process.cpuUsage(before);
  const wallMs = performance.now() - started;
  const fleetUsedMs = (await fleet.cpuMs()) - fleetBefore;
  return {
    cpuPercent: ((used.user + used.system) / 1000 / wallMs) * 100,
    systemPercent: (used.system / 1000 / wallMs) * 100,
    fleetCpuPercent: (fleetUsedMs / wallMs) * 100,
  };
}

function memory(): { heap: number; external: number } {
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed, external: usage.external };
}

/**
 * Creates a subject, lets it settle, reads heap growth after full collections, then its CPU over a
 * window. Stopping and settling afterwards keeps its sockets from closing inside the next window.
 */
async function measureSubject(
  fleet: ChildFleet,
  size: ResourceSize,
  start: () => Promise<{ readyMs: number; stop: () => void; failures?: () => number }>,
): Promise<SubjectReading> {
  collectGarbage();
  const before = memory();
  const subject = await start();
  try {
    await sleep(size.settleMs);
    collectGarbage();
    const after = memory();
    const cpu = await cpuWindow(fleet, size.windowMs);
    return {
      ...cpu,
      heapPerSessionKiB: (after.heap - before.heap) / size.clusters / KIB,
      externalPerSessionKiB: (after.external - before.external) / size.clusters / KIB,
      readyMs: subject.readyMs,
      failures: subject.failures?.() ?? 0,
    };
  } finally {
    subject.stop();
    await sleep(size.settleMs);
  }
}

/**
 * Rounds of baseline → sessions (default and exact due times, alternating which goes first) →
 * bare pollers → client-node pollers against one fleet; warm-up rounds are dropped.
 */
export async function measureResources(
  fleet: ChildFleet,
  size: ResourceSize,
  log: (line: string) => void,
): Promise<ResourceRound[]> {
  const rounds: ResourceRound[] = [];
  for (let round = 0; round < size.warmup + size.runs; round++) {
    const baseline = await cpuWindow(fleet, size.baselineWindowMs);
    // Sessions run with the default heartbeat; the pollers poll at the same default interval.
    const sessions = (alignMs?: number) => () =>
      startSessions(fleet.kubeconfigPath, alignMs === undefined ? {} : { heartbeat: { alignMs } });
    let ours: SubjectReading;
    let exact: SubjectReading;
    if (round % 2 === 0) {
      ours = await measureSubject(fleet, size, sessions());
      exact = await measureSubject(fleet, size, sessions(0));
    } else {
      exact = await measureSubject(fleet, size, sessions(0));
      ours = await measureSubject(fleet, size, sessions());
    }
    const floor = await measureSubject(fleet, size, () =>
      startBarePollers(fleet.kubeconfigPath, {
        intervalMs: DEFAULT_HEARTBEAT.intervalMs,
        jitter: DEFAULT_HEARTBEAT.jitter,
        alignMs: DEFAULT_HEARTBEAT.alignMs,
      }),
    );
    const peer = await measureSubject(fleet, size, () =>
      startPollers(fleet.kubeconfigPath, { intervalMs: DEFAULT_HEARTBEAT.intervalMs }),
    );
    const kind = round < size.warmup ? 'warm-up' : 'run';
    log(
      `    ${kind} ${round + 1}: CPU ${ours.cpuPercent.toFixed(2)} % / ${exact.cpuPercent.toFixed(2)} % / ` +
        `${floor.cpuPercent.toFixed(2)} % / ${peer.cpuPercent.toFixed(2)} % / baseline ${baseline.cpuPercent.toFixed(2)} %; heap ` +
        `${ours.heapPerSessionKiB.toFixed(1)} / ${peer.heapPerSessionKiB.toFixed(1)} KiB per session ` +
        `(sessions / exact due times / bare floor / pollers)`,
    );
    if (round >= size.warmup) rounds.push({ baseline, ours, exact, floor, peer });
  }
  return rounds;
}
