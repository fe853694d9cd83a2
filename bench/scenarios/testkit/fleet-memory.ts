import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulatedFleet } from '@flotilla/cluster-testkit';
import { collectGarbage } from '../../lib/gc';

export interface FleetMemorySample {
  /** Growth of `heapUsed` per cluster while the fleet idles, after full collections. */
  heapPerClusterKiB: number;
  /** Growth of the process RSS per cluster; pages freed by earlier runs are reused, so later runs read lower. */
  rssPerClusterKiB: number;
  /** heapUsed still held per cluster after `stop()`; near zero unless something leaks. */
  retainedHeapPerClusterKiB: number;
  startMs: number;
}

const KIB = 1024;

/** Kept in its own frame so that no reference to the fleet survives into the after-stop reading. */
async function startIdleAndStop(clusters: number, podsPerCluster: number, settleMs: number) {
  const started = performance.now();
  const fleet = await startSimulatedFleet({ clusters, podsPerCluster });
  const startMs = performance.now() - started;
  // Let start-up promises, sockets and timers settle so the reading is of an idle fleet.
  await sleep(settleMs);
  collectGarbage();
  const idle = process.memoryUsage();
  await fleet.stop();
  return { idle, startMs };
}

export async function measureFleetMemory(
  clusters: number,
  podsPerCluster: number,
  settleMs: number,
): Promise<FleetMemorySample> {
  collectGarbage();
  const before = process.memoryUsage();
  const { idle, startMs } = await startIdleAndStop(clusters, podsPerCluster, settleMs);
  await sleep(settleMs);
  collectGarbage();
  const after = process.memoryUsage();
  return {
    heapPerClusterKiB: (idle.heapUsed - before.heapUsed) / clusters / KIB,
    rssPerClusterKiB: (idle.rss - before.rss) / clusters / KIB,
    retainedHeapPerClusterKiB: (after.heapUsed - before.heapUsed) / clusters / KIB,
    startMs,
  };
}
