/**
 * Runs one automation example: `npm run example -- <name> [flags]`.
 * Every example takes `--kubeconfig PATH` (default `$KUBECONFIG`, else `~/.kube/config`) and
 * `--timeout SECONDS` (per cluster, default 15; for `drain-node` the drain's deadline, default 300).
 */
import { parseArgs } from 'node:util';
import { compareDeploymentImages, formatImageComparison } from './compare-image';
import { findCrashLoopingPods, formatCrashLoopReport } from './crashlooping-pods';
import { drainNodeIn, formatDrainProgress } from './drain-node';
import { HEALTH_REPORT_FORMATS, writeHealthReport, type HealthReportFormat } from './health-report';
import { openFleet } from './open-fleet';

/** Per-cluster deadline without `--timeout`, as `openFleet` uses. */
const DEFAULT_TIMEOUT_MS = 15_000;

const EXAMPLES = ['crashlooping-pods', 'compare-image', 'drain-node', 'health-report'] as const;

const USAGE = `usage: npm run example -- <example> [flags]

  crashlooping-pods [--min-restarts N]             crash-looping pods in every cluster
  compare-image --deployment NAME --namespace NS   a deployment's images across clusters
  drain-node --cluster CONTEXT_OR_ID --node NODE   drain one node of one named cluster
  health-report [--format md|json|csv|html] [--out FILE]   a fleet health report

common flags: --kubeconfig PATH  --timeout SECONDS (per cluster, default 15; drain-node: the drain's, default 300)
exit codes: 0 done, 1 the answer is "no" (images drift, drain failed), 2 usage, 3 some clusters did not answer`;

export async function runExample(
  argv: readonly string[],
  out = console.log,
  err = console.error,
): Promise<number> {
  const [name, ...rest] = argv;
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...rest],
      options: {
        kubeconfig: { type: 'string' },
        timeout: { type: 'string' },
        'min-restarts': { type: 'string' },
        deployment: { type: 'string' },
        namespace: { type: 'string' },
        cluster: { type: 'string' },
        node: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
      },
      strict: true,
    }) as { values: Record<string, string | undefined> });
  } catch (error) {
    err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const required = (flag: string): string => {
    const value = values[flag];
    if (!value) throw new UsageError(`--${flag} is required`);
    return value;
  };
  const timeout = values['timeout'] !== undefined ? Number(values['timeout']) * 1000 : undefined;
  try {
    if (!name || name === '--help' || name === 'help') throw new UsageError('name an example');
    // Checked before the kubeconfig is read: a typo costs nothing and contacts nothing.
    if (!(EXAMPLES as readonly string[]).includes(name)) throw new UsageError(`unknown example "${name}"`);
    if (timeout !== undefined && !(timeout > 0))
      throw new UsageError('--timeout takes a positive number of seconds');
    const minRestarts = wholeNumber(values['min-restarts'], '--min-restarts');
    const format = values['format'] ?? 'md';
    if (!(HEALTH_REPORT_FORMATS as readonly string[]).includes(format))
      throw new UsageError(`--format takes one of ${HEALTH_REPORT_FORMATS.join(', ')} (got "${format}")`);
    const { manager, fleet, close } = await openFleet({
      ...(values['kubeconfig'] ? { kubeconfig: values['kubeconfig'] } : {}),
      ...(timeout ? { timeoutMs: timeout } : {}),
      onSourceErrors: (errors) =>
        errors.forEach((e) =>
          err(`kubeconfig ${e.source}${e.context ? ` (${e.context})` : ''}: ${e.error.message}`),
        ),
    });
    try {
      switch (name) {
        case 'crashlooping-pods': {
          const report = await findCrashLoopingPods(fleet, minRestarts !== undefined ? { minRestarts } : {});
          out(formatCrashLoopReport(report));
          return report.partial ? 3 : 0;
        }
        case 'compare-image': {
          const comparison = await compareDeploymentImages(
            fleet,
            required('deployment'),
            required('namespace'),
          );
          out(formatImageComparison(comparison));
          return comparison.partial ? 3 : comparison.variants > 1 ? 1 : 0;
        }
        case 'drain-node': {
          const final = await drainNodeIn(manager, required('cluster'), required('node'), {
            ...(timeout ? { timeoutMs: timeout } : {}),
            onProgress: (snapshot) => out(formatDrainProgress(snapshot)),
          });
          return final.phase === 'completed' ? 0 : 1;
        }
        case 'health-report': {
          const written = await writeHealthReport(manager, {
            format: format as HealthReportFormat,
            probeTimeoutMs: timeout ?? DEFAULT_TIMEOUT_MS,
            ...(values['out'] ? { path: values['out'] } : {}),
          });
          if (written.path) out(`wrote ${written.path}`);
          else out(written.content);
          return written.partial ? 3 : 0;
        }
        default:
          throw new UsageError(`unknown example "${name}"`);
      }
    } finally {
      close();
    }
  } catch (error) {
    if (error instanceof UsageError) {
      err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    err((error as Error).message);
    return 1;
  }
}

class UsageError extends Error {}

function wholeNumber(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < 0)
    throw new UsageError(`${flag} takes a whole number (got "${text}")`);
  return value;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  process.exitCode = await runExample(process.argv.slice(2));
}
