import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess, type ProcessRun } from '../../lib/process-run';
import { benchEnv } from '../status/subjects';
import { contextTargets } from './fleet-contexts';
import { oneLine, RunTracker, type FleetListTool, type ToolRun } from './run-tracker';

export const KUBECTL = 'kubectl per context, in parallel';

/**
 * `kubectl get pods -A -o json --context X` for every context at once, each a cold process with a
 * discovery cache no earlier run filled (`--cache-dir`, fresh per run), as a script looping over contexts
 * with `&` does. The `kubectl` on PATH is a dispatcher that asks the cluster's /version first, then
 * runs the matching `kubectl.1.<minor>`. No `--request-timeout`: kubectl's default, as users run it.
 */
export class KubectlTool implements FleetListTool {
  readonly name = KUBECTL;
  private readonly contexts: string[];
  private readonly secrets: string[];

  constructor(private readonly kubeconfigPath: string) {
    const targets = contextTargets(kubeconfigPath);
    this.contexts = targets.map((t) => t.context);
    this.secrets = targets.map((t) => t.token);
  }

  start(options: { count: boolean }): ToolRun {
    const tracker = new RunTracker(this.contexts);
    const cacheDir = mkdtemp(join(tmpdir(), 'flotilla-bench-kubectl-'));
    const runs: Promise<ProcessRun[]> = cacheDir.then((dir) =>
      this.contexts.map((context) => {
        const run = runProcess(
          'kubectl',
          [
            'get',
            'pods',
            '-A',
            '-o',
            'json',
            '--context',
            context,
            '--kubeconfig',
            this.kubeconfigPath,
            '--cache-dir',
            join(dir, context),
          ],
          { captureStdout: options.count, env: benchEnv() },
        );
        void run.exited.then((result) => {
          if (result.code !== 0) {
            const why = result.signal ? `killed (${result.signal})` : `exit ${result.code}`;
            tracker.settle(context, { ok: false, error: `${why}: ${oneLine(result.stderr, this.secrets)}` });
            return;
          }
          if (result.stdout === undefined) tracker.settle(context, { ok: true });
          else {
            const items = (JSON.parse(result.stdout) as { items?: unknown[] }).items?.length ?? 0;
            tracker.settle(context, { ok: true, items });
          }
        });
        return run;
      }),
    );
    return {
      tracker,
      stop: async () => {
        await Promise.all((await runs).map((run) => run.kill()));
        await rm(await cacheDir, { recursive: true, force: true });
      },
    };
  }
}
