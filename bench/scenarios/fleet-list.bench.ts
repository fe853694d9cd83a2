import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildFleet } from '../lib/child-fleet/child-fleet';
import { formatNumber } from '../lib/format';
import { loadMetrics } from '../lib/load';
import { runRounds } from '../lib/rounds';
import type { Scenario, ScenarioOptions, ScenarioResult } from '../lib/scenario';
import { ClientNodeTool } from './fleet-list/client-node-tool';
import { FlotillaCliTool } from './fleet-list/cli-tool';
import { FlotillaColdTool, FlotillaWarmTool } from './fleet-list/flotilla-tool';
import { KubectlTool } from './fleet-list/kubectl-tool';
import { timedList, verifyTool, type ListSample } from './fleet-list/measure';
import { PlainHttpsTool } from './fleet-list/plain-https-tool';
import { listReport } from './fleet-list/report';
import type { FleetListTool } from './fleet-list/run-tracker';
import { installExecutable } from './status/executable';

const SIZES = {
  full: { clusters: 50, podsPerCluster: 1000, warmup: 1, runs: 5 },
  smoke: { clusters: 2, podsPerCluster: 20, warmup: 0, runs: 2 },
} as const;

/** A pause after every run, for exiting processes and the servers' garbage collection. */
const SETTLE_BETWEEN_RUNS_MS = 250;

const METHOD = [
  'The simulated fleet runs in a child process (one event loop serving every cluster), so its CPU is never counted against a client and clients and servers each get a core of the two. Every subject lists the same fleet in every round, one after another, in reverse order every other round (A B C …, … C B A) with a 250 ms pause after each run, so none always follows the same one; the first round is a discarded warm-up.',
  'Slowest single-cluster list (the physical reference): one unpaged `GET /api/v1/pods` per cluster over a keep-alive `https.Agent` kept across rounds, all clusters at once, each body `JSON.parse`d and kept until the run ends (as by any consumer of the lists; client-node’s lists are kept too); its time is when the last cluster’s list was parsed. It stands for the least work a client must do on this setup — the server serializes every list, the client parses each once — rather than one cluster listed alone: a single process serves all the clusters and serializes their lists one after another, so no client can have 50 lists within 1.3× of one (the slowest cluster listed alone, plain GET one cluster at a time, is given as a figure for scale). A client that spreads the work (Flotilla: 16 clusters at once, pages of 500) can come in under it: 50 whole lists parsed at once strain the garbage collector.',
  'Flotilla core: `createFleet(manager).list(\'pods\')` over a `ClusterManager` loaded by `KubeconfigSync` with `connect: \'manual\'` (no probes or heartbeats run, as in `flotilla get`) and the fleet defaults (16 clusters at once, 30 s per cluster, pages of 500). "Long-lived manager" keeps the manager between rounds (its keep-alive connections, which the simulated servers keep 30 s when idle, and its 5-minute discovery cache carry over, as in an app); "new manager per run" reads the kubeconfig, discovers and connects every run, then disposes.',
  'Flotilla CLI: `flotilla get pods -A -o json --kubeconfig K`, one cold process, run from the installed layout (`bin/flotilla.mjs` + the bundled `dist/`, built like `npm run build` before the runs), as users start it.',
  'kubectl: `kubectl get pods -A -o json --context X --kubeconfig K --cache-dir D` for every context at once, D fresh per run; the `kubectl` on PATH is a dispatcher that asks /version first, then runs `kubectl.1.<minor>`. client-node: one `KubeConfig` + `CoreV1Api` per context (built once), `listPodForAllNamespaces()` everywhere via `Promise.all`; client-node opens a new TLS connection per request.',
  'Process outputs go to /dev/null during timed runs; before timing, one run of every tool reads its output and must show every cluster with all its pods, and every timed run must succeed in every cluster.',
  'The machine’s 2 cores were shared with other work while this ran; the load averages given count every process on it, this run’s own included (kubectl runs 50 processes at once). Rounds interleave the subjects, so drifting load shifts all of a round alike; single runs vary.',
];

type Size = (typeof SIZES)[keyof typeof SIZES];

/** Verifies every tool once with its output read, then times them in rounds. */
async function measure(
  fleet: ChildFleet,
  cliBin: string,
  size: Size,
  log: (line: string) => void,
): Promise<{ results: Array<{ name: string; samples: ListSample[] }>; slowestAloneMs: number }> {
  const clusters = fleet.clusterNames;
  const reference = new PlainHttpsTool(fleet.kubeconfigPath);
  const tools: FleetListTool[] = [
    new FlotillaWarmTool(fleet.kubeconfigPath),
    new FlotillaColdTool(fleet.kubeconfigPath, clusters),
    new FlotillaCliTool(cliBin, fleet.kubeconfigPath),
    new ClientNodeTool(fleet.kubeconfigPath),
    new KubectlTool(fleet.kubeconfigPath),
    reference,
  ];
  try {
    for (const tool of tools) await tool.prepare?.();
    for (const tool of tools) {
      const ms = await verifyTool(tool, clusters, size.podsPerCluster);
      log(`  verified ${tool.name}: every cluster listed in full (${formatNumber(ms)} ms with output read)`);
    }
    const results = await runRounds<ListSample>({
      warmup: size.warmup,
      runs: size.runs,
      order: 'alternate',
      settleMs: SETTLE_BETWEEN_RUNS_MS,
      subjects: tools.map((tool) => ({ name: tool.name, run: () => timedList(tool, fleet, clusters) })),
      onRun: (subject, round, sample, warmup) =>
        log(`    ${warmup ? 'warm-up' : 'run'} ${round + 1} ${subject}: ${formatNumber(sample.ms)} ms`),
    });
    const slowestAloneMs = await reference.slowestAlone();
    log(`  slowest cluster listed alone: ${formatNumber(slowestAloneMs)} ms`);
    return { results, slowestAloneMs };
  } finally {
    for (const tool of tools) await tool.dispose?.();
  }
}

export const fleetListScenario: Scenario = {
  name: 'fleet-list',
  title: 'Fleet list: pods -A across many clusters',
  description: [
    `\`pods -A\` over ${SIZES.full.clusters} simulated clusters × ${SIZES.full.podsPerCluster.toLocaleString('en-US')} pods (HTTPS on 127.0.0.1, served by a child process),`,
    'from the start until every cluster’s pods are available: Flotilla core (long-lived and new manager), the Flotilla CLI,',
    '`kubectl` per context in parallel and plain `@kubernetes/client-node` 1.4 `Promise.all`, against the slowest single-cluster',
    'list (plain HTTPS, all clusters at once). Targets: Flotilla ≤ 1.3× the slowest single-cluster list, ≥ 10× faster than',
    'kubectl per context, faster than client-node.',
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
        log(
          `  ${size.clusters} clusters × ${size.podsPerCluster} pods started in ${formatNumber(fleet.startMs)} ms`,
        );
        const { results, slowestAloneMs } = await measure(fleet, cli.bin, size, log);
        const report = listReport(results, size);
        return {
          parameters: { ...size },
          rows: report.rows,
          ratios: report.ratios,
          metrics: [
            ...report.metrics,
            {
              name: 'slowest cluster listed alone (plain HTTPS GET, one cluster at a time, after the rounds)',
              value: slowestAloneMs,
              unit: 'ms',
            },
            {
              name: `startSimulatedFleet, ${size.clusters} clusters (child process)`,
              value: fleet.startMs,
              unit: 'ms',
            },
            ...startLoad,
            ...loadMetrics('end'),
          ],
          notes: [...report.notes, ...METHOD],
        };
      } finally {
        await fleet.stop();
      }
    } finally {
      await rm(installDir, { recursive: true, force: true });
    }
  },
};
