import {
  ClusterManager,
  DEFAULT_AUTH_RECOVERY,
  DEFAULT_HEARTBEAT,
  type ClusterManagerOptions,
} from '@flotilla/cluster-core';
import { KubeconfigSync } from '@flotilla/cluster-core/node';
import { startSimulatedFleet } from '@flotilla/cluster-testkit';
import type { BenchSize, Scenario, ScenarioOptions, ScenarioResult } from '../lib/scenario';
import { detectionReport, PEER } from './detection/report';
import { Timeline } from './detection/timeline';
import { authRound, hangRound, KIND, type AuthSample, type HangSample, type Rig } from './detection/tracks';
import { startPollers, until } from './sessions/subjects';

const HUNG = 'sim-1';
const REVOKED = 'sim-2';
const BYSTANDER = 'sim-3';

interface DetectionSize {
  session: NonNullable<ClusterManagerOptions['session']>;
  /** The heartbeat the session runs with, spelled out for the peer and the report. */
  heartbeat: { intervalMs: number; timeoutMs: number; jitter: number };
  firstAuthRetryMs: number;
  waitLimitMs: number;
  warmup: number;
  runs: number;
}

/** Smoke runs shorten every timer (values of cluster-core's own fast test harness) to finish in seconds. */
const SIZES: Record<BenchSize, DetectionSize> = {
  full: {
    session: {},
    heartbeat: DEFAULT_HEARTBEAT,
    firstAuthRetryMs: DEFAULT_AUTH_RECOVERY.authRetryDelaysMs[1] ?? 5000,
    waitLimitMs: 60_000,
    warmup: 1,
    runs: 5,
  },
  smoke: {
    session: {
      heartbeat: { intervalMs: 200, timeoutMs: 400 },
      authRecovery: {
        authRetryDelaysMs: [0, 150, 300, 450],
        steadyReprobeMs: 1000,
        connectivityReprobeMs: 500,
        probeTimeoutMs: 1000,
      },
    },
    heartbeat: { ...DEFAULT_HEARTBEAT, intervalMs: 200, timeoutMs: 400 },
    firstAuthRetryMs: 150,
    waitLimitMs: 10_000,
    warmup: 0,
    runs: 2,
  },
};

async function measure(size: DetectionSize, log: (line: string) => void) {
  const fleet = await startSimulatedFleet({ clusters: 3, podsPerCluster: 1 });
  const timeline = new Timeline();
  const manager = new ClusterManager({ session: size.session });
  const progress = new Map<string, { at: number; nextRetryAt: number | null }>();
  let bystanderEvents = 0;
  for (const kind of [KIND.degraded, KIND.healthy, KIND.authFailed, KIND.authRecovered] as const) {
    manager.bus.on(kind, (event) => {
      timeline.record(kind, event.clusterName);
      if (event.clusterName === BYSTANDER) bystanderEvents++;
    });
  }
  manager.bus.on('cluster:auth:progress', (event) =>
    progress.set(event.clusterName, { at: Date.now(), nextRetryAt: event.nextRetryAt }),
  );
  const sync = await KubeconfigSync.start(manager, { kubeconfig: fleet.kubeconfigPath });
  const interval = size.heartbeat.intervalMs;
  const peer = await startPollers(fleet.kubeconfigPath, {
    intervalMs: interval,
    timeoutMs: size.heartbeat.timeoutMs,
    onResult: (r) => timeline.record(r.ok ? KIND.peerOk : KIND.peerFail, r.cluster, r.settledAt),
  });
  const naive = { failures: 0, longestMs: 0 };
  const naivePollers = await startPollers(fleet.kubeconfigPath, {
    intervalMs: interval,
    onResult: (r) => {
      if (r.cluster !== HUNG) return;
      if (!r.ok) naive.failures++;
      naive.longestMs = Math.max(naive.longestMs, r.settledAt - r.startedAt);
    },
  });
  try {
    await until(
      () => manager.list().every((s) => s.getSnapshot().health === 'healthy'),
      size.waitLimitMs,
      'every session to report healthy',
    );
    // The bystander's first `healthy` came before the faults and is not a reaction to them.
    bystanderEvents = 0;
    const rig: Rig = {
      fleet,
      manager,
      timeline,
      heartbeatIntervalMs: interval,
      heartbeatTimeoutMs: size.heartbeat.timeoutMs,
      waitLimitMs: size.waitLimitMs,
      lastAuthProgress: (cluster) => progress.get(cluster),
    };
    const hang: HangSample[] = [];
    const auth: AuthSample[] = [];
    for (let round = 0; round < size.warmup + size.runs; round++) {
      const [h, a] = await Promise.all([
        hangRound(rig, HUNG),
        authRound(rig, REVOKED, size.firstAuthRetryMs),
      ]);
      const kind = round < size.warmup ? 'warm-up' : 'run';
      log(
        `    ${kind} ${round + 1}: degraded ${h.degradedMs.toFixed(0)} / ${h.peerFailMs.toFixed(0)} ms, ` +
          `healthy ${h.healthyMs.toFixed(0)} / ${h.peerOkMs.toFixed(0)} ms, auth failed ${a.failedMs.toFixed(1)} / ` +
          `${a.peerFailMs.toFixed(0)} ms, recovered ${a.recoveredMs.toFixed(0)} / ${a.peerOkMs.toFixed(0)} ms (session / poller)`,
      );
      if (round < size.warmup) continue;
      hang.push(h);
      auth.push(a);
    }
    return detectionReport(
      hang,
      auth,
      {
        intervalMs: interval,
        timeoutMs: size.heartbeat.timeoutMs,
        jitter: size.heartbeat.jitter,
        alignMs: DEFAULT_HEARTBEAT.alignMs,
      },
      { naiveHungFailures: naive.failures, naiveLongestPollMs: naive.longestMs, bystanderEvents },
    );
  } finally {
    peer.stop();
    naivePollers.stop();
    sync.close();
    manager.dispose();
    await fleet.stop();
  }
}

export const detectionScenario: Scenario = {
  name: 'detection',
  title: 'Fault detection: hang, revoked token, recovery',
  description: [
    `Three simulated clusters in a \`ClusterManager\` with the default session settings (heartbeat`,
    `${DEFAULT_HEARTBEAT.intervalMs / 1000} s ± ${DEFAULT_HEARTBEAT.jitter * 100} %, probe timeout ${DEFAULT_HEARTBEAT.timeoutMs / 1000} s, auth retries after`,
    `${DEFAULT_AUTH_RECOVERY.authRetryDelaysMs.map((ms) => ms / 1000).join(', ')} s), real timers. Each round hangs`,
    `${HUNG} at a random moment and heals it after a random hold, while ${REVOKED}'s token is revoked, one request`,
    `is sent, and the token is restored after a random hold; ${BYSTANDER} is left alone. Times run from the fault`,
    'or its undoing to the session event. kubectl detects nothing by itself, so the peer is a plain',
    '`@kubernetes/client-node` 1.4 `setInterval` poller of `/readyz` at the same interval with the same',
    'deadline (time until a poll fails or succeeds); a second poller without a deadline shows what a naive',
    'app notices of a hang.',
  ].join(' '),
  async run(options: ScenarioOptions): Promise<ScenarioResult> {
    const size = SIZES[options.size];
    const log = options.log ?? (() => undefined);
    log(`  ${size.warmup} warm-up + ${size.runs} rounds, heartbeat ${size.heartbeat.intervalMs} ms`);
    const report = await measure(size, log);
    return {
      parameters: {
        clusters: 3,
        heartbeatIntervalMs: size.heartbeat.intervalMs,
        heartbeatTimeoutMs: size.heartbeat.timeoutMs,
        heartbeatJitter: size.heartbeat.jitter,
        firstAuthRetryMs: size.firstAuthRetryMs,
        warmup: size.warmup,
        runs: size.runs,
      },
      ...report,
      notes: [
        ...report.notes,
        options.size === 'full'
          ? 'Default session settings, nothing shortened.'
          : 'Smoke size shortens every timer; only full-size results say anything about the defaults.',
        `The restore lands after both sides noticed the revocation plus a random hold of up to ${size.firstAuthRetryMs} ms, so it falls into whichever auth probe wait is running; recovery is reported relative to that wait.`,
        `${PEER}: \`Health.readyz\` with an AbortSignal deadline equal to the heartbeat timeout. A revoked token makes its /readyz answer 401, which it reports as not ready: it cannot tell auth from health.`,
        'The poller starts a poll every interval whatever the previous one does, so during a hang one poll is always held and the heal answers it at once. A session probe is held only until its timeout, then the heartbeat waits a full interval, so its heal time ranges from milliseconds to one interval.',
        'The hang and the revocation run concurrently on different clusters; their timings do not interact (separate sessions, timers and connections).',
      ],
    };
  },
};
