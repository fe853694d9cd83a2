import type { CliIO } from '../../cli-io';
import { EXIT_CODES, exitCodeFor, type ExitCode } from '../../exit-codes';
import { entryError, failureLine, reportSourceErrors } from '../../fleet/failures';
import { loadFleet } from '../../fleet/load-fleet';
import { namespaceFor, namespaceScope, scopeText } from '../../fleet/namespaces';
import type { CommonOptions } from '../../options/common-options';
import type { GetFormat } from '../../options/formats';
import { createColors } from '../../output/colors';
import { startProgress } from '../../output/progress';
import { toJSON, toYAML } from '../../output/serialize';
import { UsageError } from '../../usage-error';
import { csvOutput, documentOutput, firstResource, nameOutput, rowsOf, tableOutput } from './get-output';
import { readObjects } from './list-objects';

export interface GetOptions {
  kind: string;
  name?: string | undefined;
  namespace?: string;
  allNamespaces?: boolean;
  selector?: string;
  fieldSelector?: string;
  output: GetFormat;
}

/** Deadline per cluster of reads, the fleet default. */
export const DEFAULT_READ_TIMEOUT_MS = 30_000;

/**
 * `flotilla get`: the same read in every targeted cluster at once. Objects of the clusters that
 * answered are printed; each cluster that did not gets a line on stderr naming it and its error
 * kind, and the exit code says whether the output is whole (0), partial (3) or empty because
 * nothing answered (4).
 */
export async function getCommand(common: CommonOptions, options: GetOptions, io: CliIO): Promise<ExitCode> {
  const scope = namespaceScope(options);
  if (options.name !== undefined && scope.kind === 'all') {
    throw new UsageError(
      'a resource cannot be retrieved by name across all namespaces (drop -A or the name)',
    );
  }
  const loaded = await loadFleet(common);
  try {
    const namespaces = new Map(loaded.targets.map((t) => [t.clusterId, namespaceFor(scope, t)]));
    const progress = startProgress({
      stream: io.stderr,
      total: loaded.targets.length,
      label: `get ${options.kind}`,
    });
    const result = await loaded.fleet.run(
      { ids: loaded.targets.map((t) => t.clusterId) },
      (session, signal) =>
        readObjects(
          loaded.fleet,
          session,
          {
            kind: options.kind,
            name: options.name,
            labelSelector: options.selector,
            fieldSelector: options.fieldSelector,
          },
          namespaces.get(session.clusterId),
          signal,
        ),
      {
        timeoutMs: common.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS,
        onProgress: ({ done, total }) => progress.tick(done, total),
      },
    );
    progress.stop();

    const rows = rowsOf(result.entries, loaded.labels);
    const resource = firstResource(result.entries);
    const now = Date.now();
    switch (options.output) {
      case 'json':
        io.stdout.write(toJSON(documentOutput(result.entries)));
        break;
      case 'yaml':
        io.stdout.write(await toYAML(documentOutput(result.entries)));
        break;
      case 'csv':
        io.stdout.write(csvOutput(rows, resource, now));
        break;
      case 'name':
        io.stdout.write(nameOutput(rows));
        break;
      default:
        if (rows.length > 0) {
          io.stdout.write(
            tableOutput(rows, resource, {
              allNamespaces: scope.kind === 'all',
              wide: options.output === 'wide',
              colors: createColors(common.color),
              now,
            }),
          );
        }
    }
    for (const entry of result.entries) {
      if (entry.status !== 'ok')
        io.stderr.write(
          failureLine(loaded.labels.get(entry.clusterId) ?? entry.clusterName, entryError(entry)),
        );
    }
    reportSourceErrors(io.stderr, loaded.sourceErrors);
    const answered = result.entries.filter((entry) => entry.status === 'ok').length;
    if (rows.length === 0 && answered > 0 && (options.output === 'table' || options.output === 'wide')) {
      io.stderr.write(
        `No resources found${scopeText(scope)} (${answered} of ${result.entries.length} clusters answered).\n`,
      );
    }
    const outcomes = [
      ...result.entries.map((entry) => entry.status === 'ok'),
      ...loaded.sourceErrors.map(() => false),
    ];
    return outcomes.length === 0 ? EXIT_CODES.ok : exitCodeFor(outcomes);
  } finally {
    loaded.dispose();
  }
}
