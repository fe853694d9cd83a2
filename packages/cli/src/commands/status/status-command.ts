import type { FleetEntry } from '@flotilla/cluster-core';
import type { CliIO } from '../../cli-io';
import { exitCodeFor, type ExitCode } from '../../exit-codes';
import { entryError, failureLine, reportSourceErrors } from '../../fleet/failures';
import { loadFleet } from '../../fleet/load-fleet';
import type { CommonOptions } from '../../options/common-options';
import type { StatusFormat } from '../../options/formats';
import { createColors } from '../../output/colors';
import { startProgress } from '../../output/progress';
import { toJSON, toYAML } from '../../output/serialize';
import { failedStatus, type ClusterStatus } from './cluster-status';
import { probeCluster } from './probe-cluster';
import { statusDocument, statusTable } from './status-view';

/** The health probe deadline of the heartbeat, so `status` and a live session agree on "hung". */
export const DEFAULT_STATUS_TIMEOUT_MS = 5_000;

/** Leaves the probe a little time to assemble what it learned before the fan-out's own deadline. */
export const budgetWithin = (timeoutMs: number) =>
  Math.max(1, timeoutMs - Math.min(100, Math.floor(timeoutMs / 10)));

/**
 * `flotilla status`: one probe per targeted cluster, all at once, each bounded by `--timeout`
 * (default 5 s). Clusters answer in any order; the table lists them in kubeconfig order.
 */
export async function statusCommand(
  common: CommonOptions,
  format: StatusFormat,
  io: CliIO,
): Promise<ExitCode> {
  const timeoutMs = common.timeoutMs ?? DEFAULT_STATUS_TIMEOUT_MS;
  // A diagnostic reports what it sees: no retries that would turn "refused" into "timeout".
  const loaded = await loadFleet(common, { client: { retry: false } });
  try {
    const servers = new Map(loaded.targets.map((t) => [t.clusterId, t.server]));
    const progress = startProgress({ stream: io.stderr, total: loaded.targets.length, label: 'probing' });
    const result = await loaded.fleet.run(
      { ids: loaded.targets.map((t) => t.clusterId) },
      (session, signal) => probeCluster(session, signal, budgetWithin(timeoutMs)),
      {
        timeoutMs,
        concurrency: common.concurrency ?? Math.max(1, loaded.targets.length),
        onProgress: ({ done, total }) => progress.tick(done, total),
      },
    );
    progress.stop();
    const probed = result.entries.map((entry: FleetEntry<ClusterStatus>) =>
      entry.status === 'ok'
        ? entry.value
        : failedStatus({ ...entry, server: servers.get(entry.clusterId) ?? '' }, entryError(entry)),
    );
    // Contexts that could not even be loaded are clusters in the user's eyes: they get a row too.
    const unloadable = loaded.sourceErrors.flatMap((e) =>
      e.context === undefined
        ? []
        : [
            failedStatus(
              { clusterId: `${e.source}:${e.context}`, clusterName: e.context, server: '' },
              e.error.toJSON(),
            ),
          ],
    );
    const rows = [...probed, ...unloadable];
    const labels = new Map(
      rows.map((row) => [row.clusterId, loaded.labels.get(row.clusterId) ?? row.clusterName]),
    );
    if (format === 'json') io.stdout.write(toJSON(statusDocument(rows)));
    else if (format === 'yaml') io.stdout.write(await toYAML(statusDocument(rows)));
    else io.stdout.write(statusTable(rows, labels, createColors(common.color), format === 'wide'));

    // A cluster that is fine but hides a detail (its nodes, its platform) gets a warning, not an error.
    for (const row of probed) {
      for (const error of row.errors)
        io.stderr.write(
          failureLine(
            labels.get(row.clusterId) ?? row.clusterName,
            error,
            undefined,
            row.ok ? 'warning' : 'error',
          ),
        );
    }
    reportSourceErrors(io.stderr, loaded.sourceErrors);
    const unreadableFiles = loaded.sourceErrors.filter((e) => e.context === undefined).map(() => false);
    return exitCodeFor([...rows.map((row) => row.ok), ...unreadableFiles]);
  } finally {
    loaded.dispose();
  }
}
