import { runProcess, type ProcessResult } from '../../lib/process-run';
import { benchEnv } from '../status/subjects';
import { contextTargets } from './fleet-contexts';
import { oneLine, RunTracker, type FleetListTool, type ToolRun } from './run-tracker';

export const FLOTILLA_CLI = 'Flotilla CLI (cold process)';

interface FleetListDocument {
  clusters: Array<{
    clusterName: string;
    status: string;
    count?: number;
    error?: { kind: string; message: string };
  }>;
}

/**
 * `flotilla get pods -A -o json --kubeconfig K`: one cold Node process for the whole fleet, run from
 * the installed layout (`bin/` + the bundled `dist/`, see `installExecutable`). It prints once every
 * cluster answered or missed its deadline, so every cluster settles at its exit.
 */
export class FlotillaCliTool implements FleetListTool {
  readonly name = FLOTILLA_CLI;
  private readonly contexts: string[];
  private readonly secrets: string[];

  constructor(
    private readonly bin: string,
    private readonly kubeconfigPath: string,
  ) {
    const targets = contextTargets(kubeconfigPath);
    this.contexts = targets.map((t) => t.context);
    this.secrets = targets.map((t) => t.token);
  }

  start(options: { count: boolean }): ToolRun {
    const tracker = new RunTracker(this.contexts);
    const run = runProcess(
      process.execPath,
      [this.bin, 'get', 'pods', '-A', '-o', 'json', '--kubeconfig', this.kubeconfigPath],
      { captureStdout: options.count, env: benchEnv() },
    );
    void run.exited.then((result) => this.settleAll(tracker, result));
    return { tracker, stop: () => run.kill() };
  }

  private settleAll(tracker: RunTracker, result: ProcessResult): void {
    if (result.stdout !== undefined && (result.code === 0 || result.code === 3)) {
      const document = JSON.parse(result.stdout) as FleetListDocument;
      for (const entry of document.clusters) {
        if (entry.status === 'ok') tracker.settle(entry.clusterName, { ok: true, items: entry.count ?? 0 });
        else
          tracker.settle(entry.clusterName, {
            ok: false,
            error: oneLine(
              `${entry.error?.kind ?? entry.status}: ${entry.error?.message ?? ''}`,
              this.secrets,
            ),
          });
      }
    }
    // Without the document, stderr names each failed cluster: `error: cluster <name>: <kind>…`.
    const failed = new Map<string, string>();
    for (const line of result.stderr.split('\n')) {
      const match = /^error: cluster ([^:]+): (.*)$/.exec(line.trim());
      if (match?.[1]) failed.set(match[1], oneLine(match[2] ?? '', this.secrets));
    }
    const answered = result.code === 0 || result.code === 3;
    for (const context of this.contexts) {
      const error = failed.get(context);
      if (answered && error === undefined) tracker.settle(context, { ok: true });
      else {
        const why = result.signal ? `killed (${result.signal})` : `exit ${result.code}`;
        tracker.settle(context, {
          ok: false,
          error: error ?? `${why}: ${oneLine(result.stderr, this.secrets)}`,
        });
      }
    }
  }
}
