import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildFleet } from '../lib/child-fleet/child-fleet';
import { formatNumber } from '../lib/format';
import { loadMetrics } from '../lib/load';
import { runRounds } from '../lib/rounds';
import type { Metric, Scenario, ScenarioOptions, ScenarioResult } from '../lib/scenario';
import { planFaults } from './fleet-faults/fault-plan';
import { observe, timedHealthy, type HealthySample, type Observation } from './fleet-faults/measure';
import { noFaults, observationReport, timedReport, withFaults } from './fleet-faults/report';
import { CLIENT_NODE, ClientNodeTool } from './fleet-list/client-node-tool';
import { FlotillaCliTool } from './fleet-list/cli-tool';
import { FLOTILLA_COLD, FlotillaColdTool } from './fleet-list/flotilla-tool';
import { KUBECTL, KubectlTool } from './fleet-list/kubectl-tool';
import type { FleetListTool } from './fleet-list/run-tracker';
import { installExecutable } from './status/executable';

const SIZES = {
  full: { clusters: 20, podsPerCluster: 1000, warmup: 1, runs: 5, boundMs: 60_000 },
  smoke: { clusters: 4, podsPerCluster: 20, warmup: 0, runs: 2, boundMs: 3_000 },
} as const;

/** A pause after every run, for exiting processes and the servers' garbage collection. */
const SETTLE_BETWEEN_RUNS_MS = 250;

const METHOD = [
  'The fleet runs in a child process. Broken clusters: `faults.hang()` (TCP and TLS accepted, nothing answered), the context user’s token revoked (every request 401), `faults.refuse()` (listener closed). Each round runs every tool twice, with the three faults injected just before its start and without faults, in reverse order every other round (250 ms pause after each run), the first round a discarded warm-up; a faulty run ends once the healthy clusters settled (or the bound passed), then what the tool still waits for is stopped (processes killed, Flotilla aborted) and the faults healed, which also answers requests a hang held.',
  "Flotilla core: `createFleet(manager).list('pods', { onProgress })` with a new `ClusterManager` (`connect: 'manual'`, `KubeconfigSync`) per run, so runs share no state; a healthy cluster counts when its entry reaches `onProgress`. Defaults throughout: 16 clusters at once, 30 s per cluster, 10 s per discovery request.",
  'kubectl (per context): one process per context at once, no `--request-timeout` (its default); a cluster counts when its process exits. client-node: `listPodForAllNamespaces()` per context; a cluster counts when its own promise settles (`Promise.all` would reject on the first failure and `Promise.allSettled` waits for the hung cluster, whose call has no deadline).',
  'After the timed rounds, one more faulty run per tool — the Flotilla CLI included, which prints only when every cluster answered or missed its deadline — reads the output and waits up to the bound for every cluster, to record what each tool reports for the broken ones.',
  'The machine’s 2 cores were shared with other work while this ran; the load averages given count every process on it, this run’s own included (kubectl runs 20 processes at once). Rounds interleave the subjects, so drifting load shifts all of a round alike; single runs vary.',
];

type Size = (typeof SIZES)[keyof typeof SIZES];

/** Shorter names than in fleet-list: here each tool appears twice, with and without faults. */
const LABELS = new Map([
  [FLOTILLA_COLD, 'Flotilla core'],
  [CLIENT_NODE, 'client-node 1.4'],
  [KUBECTL, 'kubectl per context'],
]);
const label = (tool: FleetListTool) => LABELS.get(tool.name) ?? tool.name;

async function measure(
  fleet: ChildFleet,
  cliBin: string,
  size: Size,
  log: (line: string) => void,
  startLoad: Metric[],
): Promise<ScenarioResult> {
  const clusters = fleet.clusterNames;
  const plan = planFaults(clusters);
  log(
    `  ${size.clusters} clusters started in ${formatNumber(fleet.startMs)} ms; hung ${plan.hung}, revoked ${plan.revoked}, refused ${plan.refused}`,
  );
  const flotilla = new FlotillaColdTool(fleet.kubeconfigPath, clusters);
  const tools: FleetListTool[] = [
    flotilla,
    new ClientNodeTool(fleet.kubeconfigPath),
    new KubectlTool(fleet.kubeconfigPath),
  ];
  const results = await runRounds<HealthySample>({
    warmup: size.warmup,
    runs: size.runs,
    order: 'alternate',
    settleMs: SETTLE_BETWEEN_RUNS_MS,
    subjects: tools.flatMap((tool) => [
      { name: withFaults(label(tool)), run: () => timedHealthy(tool, fleet, plan, true, size.boundMs) },
      { name: noFaults(label(tool)), run: () => timedHealthy(tool, fleet, plan, false, size.boundMs) },
    ]),
    onRun: (subject, round, sample, warmup) =>
      log(
        `    ${warmup ? 'warm-up' : 'run'} ${round + 1} ${subject}: ${formatNumber(sample.ms)} ms${sample.boundHit ? ' (bound hit)' : ''}`,
      ),
  });
  const observations: Observation[] = [];
  for (const tool of [...tools, new FlotillaCliTool(cliBin, fleet.kubeconfigPath)]) {
    log(`  observing ${label(tool)} with the faults, up to ${size.boundMs / 1000} s`);
    observations.push({ ...(await observe(tool, fleet, plan, clusters, size.boundMs)), tool: label(tool) });
  }
  const samples = new Map(results.map((r) => [r.name, r.samples]));
  const timed = timedReport(tools.map(label), samples, plan, size.podsPerCluster, label(flotilla));
  const observed = observationReport(observations, plan);
  return {
    parameters: { ...size, hung: plan.hung, revoked: plan.revoked, refused: plan.refused },
    rows: timed.rows,
    ratios: timed.ratios,
    metrics: [
      ...timed.metrics,
      ...observed.metrics,
      {
        name: `startSimulatedFleet, ${size.clusters} clusters (child process)`,
        value: fleet.startMs,
        unit: 'ms',
      },
      ...startLoad,
      ...loadMetrics('end'),
    ],
    notes: [...timed.notes, ...observed.notes, ...METHOD],
  };
}

export const fleetFaultsScenario: Scenario = {
  name: 'fleet-faults',
  title: 'Fleet list with broken clusters: hung, revoked token, refused',
  description: [
    `\`pods -A\` over ${SIZES.full.clusters} simulated clusters × ${SIZES.full.podsPerCluster.toLocaleString('en-US')} pods of which one hangs, one has its token revoked and one`,
    'refuses connections: time until the healthy clusters’ pods are in hand for Flotilla core (progress callback), `kubectl`',
    'per context in parallel (the healthy processes’ exits) and `@kubernetes/client-node` 1.4 (each cluster’s promise), each',
    `against the same tool without faults, bounded by ${SIZES.full.boundMs / 1000} s per run; plus what each tool reports for the broken clusters.`,
    'Target: Flotilla’s healthy results within ≤ 1.2× the no-fault time.',
  ].join(' '),
  async run(options: ScenarioOptions): Promise<ScenarioResult> {
    const size = SIZES[options.size];
    const log = options.log ?? (() => undefined);
    const startLoad = loadMetrics('start');
    const installDir = await mkdtemp(join(tmpdir(), 'flotilla-bench-cli-'));
    try {
      const cli = await installExecutable(installDir);
      const fleet = await ChildFleet.start({ clusters: size.clusters, podsPerCluster: size.podsPerCluster });
      try {
        return await measure(fleet, cli.bin, size, log, startLoad);
      } finally {
        await fleet.stop();
      }
    } finally {
      await rm(installDir, { recursive: true, force: true });
    }
  },
};
