import { DEFAULT_HEARTBEAT } from '@flotilla/cluster-core';
import { formatNumber } from '../lib/format';
import type { Scenario, ScenarioOptions, ScenarioResult } from '../lib/scenario';
import { pollerLateness, sessionLateness, type LatenessSize } from './sessions/lateness';
import { ChildFleet } from '../lib/child-fleet/child-fleet';
import { latenessReport, resourceReport } from './sessions/report';
import { measureResources, type ResourceRound, type ResourceSize } from './sessions/resources';

const SIZES = {
  full: {
    resources: {
      clusters: 500,
      windowMs: 5000,
      baselineWindowMs: 1000,
      settleMs: 750,
      warmup: 1,
      runs: 5,
    },
    lateness: {
      clusters: 50,
      intervalMs: 1000,
      timeoutMs: DEFAULT_HEARTBEAT.timeoutMs,
      hangWarmupMs: 1000,
      windowMs: 3000,
      warmup: 1,
      runs: 5,
    },
  },
  smoke: {
    resources: { clusters: 5, windowMs: 1000, baselineWindowMs: 500, settleMs: 200, warmup: 0, runs: 2 },
    lateness: {
      clusters: 5,
      intervalMs: 500,
      timeoutMs: 1000,
      hangWarmupMs: 1000,
      windowMs: 1000,
      warmup: 0,
      runs: 2,
    },
  },
} satisfies Record<string, { resources: ResourceSize; lateness: LatenessSize & { clusters: number } }>;

const PODS_PER_CLUSTER = 1;

function methodNotes(size: ResourceSize, latenessIntervalMs: number): string[] {
  const rounds = `${size.warmup} warm-up + ${size.runs} rounds`;
  return [
    'The fleet runs in a child process, so this process holds only the clients and its CPU and heap are client work. The baseline is this process with the fleet up and no clients; attributable CPU is subject − baseline of the same round. The fleet process is listed separately: in one process its work would be added to both subjects.',
    `Rounds (${rounds}, warm-ups discarded) run baseline, sessions (default, then with exact due times, alternating which goes first), bare pollers, client-node pollers back to back; a ${size.windowMs / 1000} s window holds about one heartbeat per session (${DEFAULT_HEARTBEAT.intervalMs / 1000} s ± ${DEFAULT_HEARTBEAT.jitter * 100} % jitter). The kernel (system) part of each subject's CPU is listed separately; other processes may share the machine, so single rounds vary.`,
    `Sessions round each heartbeat due time to a ${DEFAULT_HEARTBEAT.alignMs} ms grid by default (\`heartbeat.alignMs\`), so the ticks of clusters falling due together share one event-loop wake-up; each cluster keeps its own timer and jitter. The "exact due times" subject turns that off (\`alignMs: 0\`), as every session ran before the grid was introduced. The lateness part uses the default grid (at most a quarter of the jitter span: ${Math.min(DEFAULT_HEARTBEAT.alignMs, (latenessIntervalMs * DEFAULT_HEARTBEAT.jitter) / 2)} ms at a ${latenessIntervalMs / 1000} s heartbeat) and measures against the aligned due time.`,
    'Heap is heapUsed growth from before creating the subject to after every first heartbeat or poll plus a settle pause, after two full collections, divided by the clusters. TLS buffers outside the V8 heap are counted in the external figure instead. Sessions keep a keep-alive connection per cluster; the pollers hold none between polls.',
    'The floor subject is per cluster a keep-alive `https.Agent` (one socket) and a bare `https.request` of `/readyz` with the same CA and token, rescheduled like the sessions (one jittered gap after each answer, on the same grid): the TLS requests alone, without deadlines, state, events or error handling. Sessions minus floor is what the session machinery costs.',
    'The peer holds only its own context in each KubeConfig. client-node creates an https.Agent per request, so every poll opens a new TLS connection (the fleet process pays for the handshakes too); its polls have no deadline, as in a naive app.',
    'Lateness: sessions report fired − scheduled through `onHeartbeatLateness`, read on a sub-millisecond clock (the same setTimeout timers; only `now()` is finer than Date.now()); pollers report fire − (previous fire + interval). Values slightly below zero come from libuv caching the loop time in whole milliseconds. The hung cluster’s own ticks are excluded; its timeout stays the default.',
  ];
}

async function measureLateness(size: LatenessSize & { clusters: number }, log: (line: string) => void) {
  const fleet = await ChildFleet.start({ clusters: size.clusters, podsPerCluster: PODS_PER_CLUSTER });
  try {
    const hung = fleet.clusterNames[Math.floor(fleet.clusterNames.length / 2)] as string;
    log(`  tick lateness: ${size.clusters} clusters, ${hung} hung, heartbeat ${size.intervalMs} ms`);
    const ours = await sessionLateness(fleet, hung, size);
    const peer = await pollerLateness(fleet, hung, size);
    return latenessReport(ours, peer, size.clusters);
  } finally {
    await fleet.stop();
  }
}

export const sessionsScenario: Scenario = {
  name: 'sessions',
  title: 'Idle sessions: CPU, heap and heartbeat isolation',
  description: [
    `${SIZES.full.resources.clusters} simulated clusters (${PODS_PER_CLUSTER} pod each) loaded into a \`ClusterManager\``,
    `through \`KubeconfigSync\` with the default heartbeat (${DEFAULT_HEARTBEAT.intervalMs / 1000} s): CPU of the process`,
    'over windows after warm-up and `heapUsed` per connected session after full collections. The peer is plain',
    '`@kubernetes/client-node` 1.4: per cluster one `KubeConfig`, one `CoreV1Api` and a `setInterval` polling',
    `\`/readyz\` (\`Health.readyz\`) at the same interval. The fleet runs in a child process so only client work is`,
    `counted here. Then ${SIZES.full.lateness.clusters} clusters with one hung (\`faults.hang()\`) and a`,
    `${SIZES.full.lateness.intervalMs / 1000} s heartbeat: how late the other clusters' heartbeat ticks fire.`,
  ].join(' '),
  async run(options: ScenarioOptions): Promise<ScenarioResult> {
    const size = SIZES[options.size];
    const log = options.log ?? (() => undefined);
    const fleet = await ChildFleet.start({
      clusters: size.resources.clusters,
      podsPerCluster: PODS_PER_CLUSTER,
    });
    let rounds: ResourceRound[];
    try {
      log(
        `  ${size.resources.clusters} clusters started in ${formatNumber(fleet.startMs)} ms; ` +
          `${size.resources.warmup} warm-up + ${size.resources.runs} rounds`,
      );
      rounds = await measureResources(fleet, size.resources, log);
    } finally {
      await fleet.stop();
    }
    const resources = resourceReport(rounds, size.resources);
    const lateness = await measureLateness(size.lateness, log);
    return {
      parameters: {
        podsPerCluster: PODS_PER_CLUSTER,
        ...Object.fromEntries(Object.entries(size.resources).map(([k, v]) => [`resources.${k}`, v])),
        ...Object.fromEntries(Object.entries(size.lateness).map(([k, v]) => [`lateness.${k}`, v])),
      },
      rows: resources.rows,
      ratios: [...resources.ratios, ...lateness.ratios],
      metrics: [
        ...resources.metrics,
        {
          name: `startSimulatedFleet, ${size.resources.clusters} clusters (child process)`,
          value: fleet.startMs,
          unit: 'ms',
        },
        ...lateness.metrics,
      ],
      notes: [
        ...resources.notes,
        ...lateness.notes,
        ...methodNotes(size.resources, size.lateness.intervalMs),
      ],
    };
  },
};
