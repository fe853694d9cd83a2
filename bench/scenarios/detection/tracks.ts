import { setTimeout as sleep } from 'node:timers/promises';
import type { ClusterManager } from '@flotilla/cluster-core';
import type { SimulatedFleet } from '@flotilla/cluster-testkit';
import type { Timeline } from './timeline';

/** Kinds recorded on the timeline. */
export const KIND = {
  degraded: 'cluster:health:degraded',
  healthy: 'cluster:health:healthy',
  authFailed: 'cluster:auth:failed',
  authRecovered: 'cluster:auth:recovered',
  peerFail: 'peer:poll-failed',
  peerOk: 'peer:poll-ok',
} as const;

export interface Rig {
  fleet: SimulatedFleet;
  manager: ClusterManager;
  timeline: Timeline;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  /** Longest wait for one detection before the round is declared broken. */
  waitLimitMs: number;
  /** The last `cluster:auth:progress` of a cluster: when it came (Date.now) and the next probe time. */
  lastAuthProgress: (cluster: string) => { at: number; nextRetryAt: number | null } | undefined;
}

export interface HangSample {
  degradedMs: number;
  peerFailMs: number;
  healthyMs: number;
  peerOkMs: number;
}

export interface AuthSample {
  failedMs: number;
  /** The event came before the request that provoked it settled: detection on that very request. */
  onTheRequest: boolean;
  peerFailMs: number;
  recoveredMs: number;
  /** The auth probe interval that was running when the token was restored. */
  probeIntervalMs: number;
  peerOkMs: number;
}

const randomUpTo = (ms: number) => Math.round(Math.random() * ms);

/**
 * Hang at a random phase of the heartbeat, wait for both our event and the peer's failed poll, hold
 * for a random time so the heal lands at any phase too, then wait for both to see it healthy. A hung
 * cycle is a probe held until its timeout plus a gap, so the hold spans both.
 */
export async function hangRound(rig: Rig, name: string): Promise<HangSample> {
  const { timeline, waitLimitMs } = rig;
  const cluster = rig.fleet.cluster(name);
  await sleep(randomUpTo(rig.heartbeatIntervalMs));
  const hungAt = performance.now();
  cluster.faults.hang();
  const [degradedAt, peerFailAt] = await Promise.all([
    timeline.waitFor(KIND.degraded, name, hungAt, waitLimitMs),
    timeline.waitFor(KIND.peerFail, name, hungAt, waitLimitMs),
  ]);
  await sleep(randomUpTo(rig.heartbeatIntervalMs + rig.heartbeatTimeoutMs));
  const healedAt = performance.now();
  await cluster.faults.heal();
  const [healthyAt, peerOkAt] = await Promise.all([
    timeline.waitFor(KIND.healthy, name, healedAt, waitLimitMs),
    timeline.waitFor(KIND.peerOk, name, healedAt, waitLimitMs),
  ]);
  return {
    degradedMs: degradedAt - hungAt,
    peerFailMs: peerFailAt - hungAt,
    healthyMs: healthyAt - healedAt,
    peerOkMs: peerOkAt - healedAt,
  };
}

/**
 * Revoke the token and send one request through the session; restore it after both noticed plus a
 * random hold, and wait for recovery. The restore lands in whichever auth probe wait is running.
 */
export async function authRound(rig: Rig, name: string, holdUpToMs: number): Promise<AuthSample> {
  const { timeline, waitLimitMs } = rig;
  const cluster = rig.fleet.cluster(name);
  const session = rig.manager.list().find((s) => s.clusterName === name);
  if (!session) throw new Error(`no session for ${name}`);
  await sleep(randomUpTo(rig.heartbeatIntervalMs / 5));
  const revokedAt = performance.now();
  cluster.faults.revokeToken('admin');
  const request = session.request({ path: '/api/v1/namespaces' }).then(
    () => performance.now(),
    () => performance.now(),
  );
  const [failedAt, peerFailAt, requestSettledAt] = await Promise.all([
    timeline.waitFor(KIND.authFailed, name, revokedAt, waitLimitMs),
    timeline.waitFor(KIND.peerFail, name, revokedAt, waitLimitMs),
    request,
  ]);
  await sleep(randomUpTo(holdUpToMs));
  const progress = rig.lastAuthProgress(name);
  const restoredAt = performance.now();
  cluster.faults.restoreToken('admin');
  const [recoveredAt, peerOkAt] = await Promise.all([
    timeline.waitFor(KIND.authRecovered, name, restoredAt, waitLimitMs),
    timeline.waitFor(KIND.peerOk, name, restoredAt, waitLimitMs),
  ]);
  if (!progress?.nextRetryAt)
    throw new Error(`${name}: no auth probe was scheduled when the token came back`);
  return {
    failedMs: failedAt - revokedAt,
    onTheRequest: failedAt <= requestSettledAt,
    peerFailMs: peerFailAt - revokedAt,
    recoveredMs: recoveredAt - restoredAt,
    probeIntervalMs: progress.nextRetryAt - progress.at,
    peerOkMs: peerOkAt - restoredAt,
  };
}
