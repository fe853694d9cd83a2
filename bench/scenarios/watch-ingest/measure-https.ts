import { setTimeout as sleep } from 'node:timers/promises';
import type { ChildFleet } from '../../lib/child-fleet/child-fleet';
import { collectGarbage } from '../../lib/gc';
import type { IngestSubject } from './ingest-subject';

export interface HttpsSize {
  /** Pods the fleet holds in all (clusters × pods per cluster). */
  pods: number;
  /** Pod updates per burst, spread round robin over every cluster. */
  events: number;
  boundMs: number;
  settleMs: number;
}

/** One subject's readings in one round. */
export interface HttpsSample {
  /** Start until every cluster's pods were held (list, then watch open). */
  syncMs: number;
  /** heapUsed growth per held pod, after full collections; undefined for subjects holding nothing. */
  heapBytesPerPod: number | undefined;
  /** From the burst command until the last update was ingested (the bound when not all were). */
  ingestMs: number;
  boundHit: boolean;
  /** CPU of this process during the burst, per event. */
  clientCpuMicrosPerEvent: number;
  /** How long the fleet process took to write the burst. */
  produceMs: number;
  /** CPU of the fleet process during the burst, per event. */
  fleetCpuMicrosPerEvent: number;
}

/**
 * Starts the subject, reads its heap once it holds every pod, then has the fleet write a burst of pod
 * updates and times how long until the subject ingested all of them. Only one subject watches at a
 * time, so the fleet writes to its watches alone.
 */
export async function measureHttps(
  subject: IngestSubject,
  fleet: ChildFleet,
  size: HttpsSize,
): Promise<HttpsSample> {
  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  try {
    await subject.start(size.pods, size.boundMs);
    const syncMs = performance.now() - started;
    await sleep(size.settleMs);
    collectGarbage();
    const heapAfter = process.memoryUsage().heapUsed;

    const fleetCpuBefore = await fleet.cpuMs();
    const cpuBefore = process.cpuUsage();
    const burstStarted = performance.now();
    const burst = fleet.burst(fleet.clusterNames, size.events);
    const done = await subject.waitForUpdates(size.events, size.boundMs);
    const ingestMs = done ? performance.now() - burstStarted : size.boundMs;
    const cpu = process.cpuUsage(cpuBefore);
    const { ms: produceMs } = await burst;
    const fleetCpuMs = (await fleet.cpuMs()) - fleetCpuBefore;
    return {
      syncMs,
      heapBytesPerPod: subject.holdsObjects ? (heapAfter - heapBefore) / size.pods : undefined,
      ingestMs,
      boundHit: !done,
      clientCpuMicrosPerEvent: (cpu.user + cpu.system) / size.events,
      produceMs,
      fleetCpuMicrosPerEvent: (fleetCpuMs * 1000) / size.events,
    };
  } finally {
    await subject.stop();
    await sleep(size.settleMs);
  }
}
