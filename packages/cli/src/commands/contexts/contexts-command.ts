import { loadKubeconfigSources } from '@flotilla/cluster-core/node';
import type { CliIO } from '../../cli-io';
import { EXIT_CODES, exitCodeFor, type ExitCode } from '../../exit-codes';
import { bareMessage } from '../../fleet/failures';
import type { CommonOptions } from '../../options/common-options';
import type { ContextsFormat } from '../../options/formats';
import { createColors, paint } from '../../output/colors';
import { toJSON, toYAML } from '../../output/serialize';
import { renderTable } from '../../output/table';
import { userKind } from './user-kind';

/** One context of the kubeconfig files, loaded or not. */
export interface ContextRow {
  clusterId: string;
  name: string;
  server: string | null;
  user: string | null;
  namespace: string | null;
  file: string;
  /** `kind: message` when the context cannot be used (or is used with a configuration problem). */
  error: string | null;
}

/**
 * `flotilla contexts`: what the kubeconfig files hold, one row per context, without contacting any
 * cluster or running any credential plugin. A context that cannot be used is listed with its
 * error (and makes the exit code partial); problems of a whole file go to stderr.
 */
export async function contextsCommand(
  common: CommonOptions,
  format: ContextsFormat,
  io: CliIO,
): Promise<ExitCode> {
  const loaded = await loadKubeconfigSources(common.kubeconfig);
  const rows: ContextRow[] = [
    ...loaded.clusters.map((cluster) => ({
      clusterId: cluster.clusterId,
      name: cluster.clusterName,
      server: cluster.server,
      user: userKind(cluster),
      namespace: cluster.namespace,
      file: cluster.source.type === 'kubeconfig' ? cluster.source.path : cluster.clusterId,
      error: cluster.error ? `${cluster.error.kind}: ${bareMessage(cluster.error)}` : null,
    })),
    ...loaded.errors.flatMap((e) =>
      e.context === undefined
        ? []
        : [
            {
              clusterId: `${e.source}:${e.context}`,
              name: e.context,
              server: null,
              user: null,
              namespace: null,
              file: e.source,
              error: `${e.error.kind}: ${bareMessage(e.error)}`,
            },
          ],
    ),
  ];
  const fileErrors = loaded.errors.filter((e) => e.context === undefined);
  if (format === 'json' || format === 'yaml') {
    const document = {
      kind: 'FleetContexts',
      contexts: rows,
      fileErrors: fileErrors.map((e) => ({
        file: e.source,
        error: `${e.error.kind}: ${bareMessage(e.error)}`,
      })),
    };
    io.stdout.write(format === 'json' ? toJSON(document) : await toYAML(document));
  } else if (rows.length > 0) {
    const colors = createColors(common.color);
    io.stdout.write(
      renderTable(
        ['NAME', 'SERVER', 'USER', 'NAMESPACE', 'FILE', 'STATUS', ...(format === 'wide' ? ['ID'] : [])],
        rows.map((row) => [
          row.name,
          row.server ?? '-',
          row.user ?? '-',
          row.namespace ?? '-',
          row.file,
          row.error ? paint(colors, 'bad', row.error) : paint(colors, 'good', 'ok'),
          ...(format === 'wide' ? [row.clusterId] : []),
        ]),
      ),
    );
  }
  for (const e of fileErrors)
    io.stderr.write(`error: kubeconfig ${e.source}: ${e.error.kind}: ${bareMessage(e.error)}\n`);
  if (rows.length === 0 && fileErrors.length === 0) {
    io.stderr.write(`no contexts found in ${common.kubeconfig}\n`);
    return EXIT_CODES.ok;
  }
  return exitCodeFor([...rows.map((row) => row.error === null), ...fileErrors.map(() => false)]);
}
