import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulatedFleet } from '@flotilla/cluster-testkit';
import { runInterleaved, type Subject } from '../lib/interleave';
import type { Scenario, ScenarioOptions, ScenarioResult } from '../lib/scenario';
import { withChildCpu } from './status/child-cpu';
import { installExecutable } from './status/executable';
import { HELP, NODE, OURS, PEER, TARGET, statusReport } from './status/report';
import {
  benchEnv,
  flotillaStatus,
  kubectlClientVersion,
  kubectlVersions,
  runProcess,
} from './status/subjects';

const SIZES = {
  full: { clusters: 20, podsPerCluster: 30, warmup: 2, runs: 9 },
  smoke: { clusters: 2, podsPerCluster: 5, warmup: 0, runs: 2 },
} as const;

async function expectExit0(file: string, args: readonly string[], cacheHome?: string): Promise<void> {
  const result = await runProcess(file, args, benchEnv(cacheHome));
  if (result.code !== 0) throw new Error(`${file} ${args.join(' ')}: exit ${result.code}\n${result.stderr}`);
}

export const statusScenario: Scenario = {
  name: 'status',
  title: 'flotilla status: cold start over a fleet',
  description: [
    `One cold \`flotilla status\` process over ${SIZES.full.clusters} simulated clusters (health, version, platform, node`,
    'readiness and latency of each, every cluster probed at once) against what a script does without',
    `Flotilla: \`kubectl version -o json --context X\` for all ${SIZES.full.clusters} contexts in parallel, each with a fresh`,
    '`--cache-dir`. The CLI runs as installed (bin/ plus the bundled dist/, built by the package build),',
    `timed from spawn to exit; the fleet serves both from this process. Target: ${TARGET}× faster than kubectl.`,
  ].join(' '),
  async run(options: ScenarioOptions): Promise<ScenarioResult> {
    const size = SIZES[options.size];
    const log = options.log ?? (() => undefined);
    const kubectl = await kubectlClientVersion();
    const dir = await mkdtemp(join(tmpdir(), 'flotilla-bench-status-'));
    const fleet = await startSimulatedFleet({
      clusters: size.clusters,
      podsPerCluster: size.podsPerCluster,
      kubeconfigPath: join(dir, 'kubeconfig'),
    });
    try {
      const executable = await installExecutable(join(dir, 'cli'));
      const contexts = fleet.clusters.map((cluster) => cluster.name);
      const kubeconfig = fleet.kubeconfigPath;
      const cacheHome = join(dir, 'cache');
      const status = () => flotillaStatus(executable.bin, kubeconfig, size.clusters, cacheHome);
      // The first run after installing compiles the bundle and caches the compiled code; the rounds
      // below (after their warm-up) measure the runs that follow, as a user's day has them.
      const firstStarted = performance.now();
      await status();
      const firstRunMs = performance.now() - firstStarted;

      const cpu = { ours: [] as number[], peer: [] as number[] };
      let round = 0;
      const subjects: Subject[] = [
        { name: OURS, run: withChildCpu(status, cpu.ours) },
        ...(kubectl === null
          ? []
          : [
              {
                name: PEER,
                run: withChildCpu(
                  () => kubectlVersions(kubeconfig, contexts, join(dir, 'kubectl-cache', String(round++))),
                  cpu.peer,
                ),
              },
            ]),
        { name: HELP, run: () => expectExit0(process.execPath, [executable.bin, '--help'], cacheHome) },
        { name: NODE, run: () => expectExit0(process.execPath, ['-e', '0']) },
      ];
      log(
        `  ${size.warmup} warm-up + ${size.runs} rounds over ${size.clusters} clusters (kubectl ${kubectl ?? 'not found'})`,
      );
      const samples = await runInterleaved({ warmup: size.warmup, runs: size.runs, subjects });
      const report = statusReport({
        clusters: size.clusters,
        kubectl,
        wall: new Map(samples.map((s) => [s.name, s.samples])),
        cpu: { ours: cpu.ours.slice(size.warmup), peer: cpu.peer.slice(size.warmup) },
        firstRunMs,
        bundleBytes: executable.bytes,
        smoke: options.size === 'smoke',
      });
      return { parameters: { ...size, kubectl: kubectl ?? 'none', node: process.version }, ...report };
    } finally {
      await fleet.stop();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
