import path from 'node:path';
import { renderHTML, renderJSON, renderMarkdown, type Report } from '@flotilla/cluster-core';
import { writePrivateFileAtomic } from '@flotilla/cluster-core/node';
import type { CliIO } from '../../cli-io';
import { exitCodeFor, type ExitCode } from '../../exit-codes';
import { entryError, failureLine, reportSourceErrors } from '../../fleet/failures';
import { loadFleet } from '../../fleet/load-fleet';
import type { CommonOptions } from '../../options/common-options';
import type { ExportFormat } from '../../options/formats';
import { startProgress } from '../../output/progress';
import { DEFAULT_READ_TIMEOUT_MS } from '../get/get-command';
import { readObjects } from '../get/list-objects';
import { failedStatus } from '../status/cluster-status';
import { budgetWithin, DEFAULT_STATUS_TIMEOUT_MS } from '../status/status-command';
import { probeCluster } from '../status/probe-cluster';
import { fleetReport, type ClusterFindings } from './fleet-report';
import { renderSectionedCSV } from './sectioned-csv';

export interface ExportOptions {
  format?: ExportFormat;
  kind?: string[];
  output?: string;
}

export const DEFAULT_EXPORT_KINDS = ['nodes', 'deployments', 'pods'] as const;

const RENDER: Record<ExportFormat, (report: Report) => string> = {
  csv: renderSectionedCSV,
  json: renderJSON,
  md: renderMarkdown,
  html: renderHTML,
};

const BY_EXTENSION: Readonly<Record<string, ExportFormat>> = {
  '.csv': 'csv',
  '.json': 'json',
  '.md': 'md',
  '.markdown': 'md',
  '.html': 'html',
  '.htm': 'html',
};

/** `--format`, else the output file's extension, else Markdown. */
export function exportFormat(options: ExportOptions): ExportFormat {
  if (options.format) return options.format;
  const extension = options.output ? path.extname(options.output).toLowerCase() : '';
  return BY_EXTENSION[extension] ?? 'md';
}

/**
 * `flotilla export`: probes every targeted cluster and lists the requested kinds in all namespaces,
 * all at once, then renders one report. Written to a file it is private (0600) and atomic, so a
 * reader never sees half a report.
 */
export async function exportCommand(
  common: CommonOptions,
  options: ExportOptions,
  io: CliIO,
): Promise<ExitCode> {
  const format = exportFormat(options);
  const kinds =
    options.kind && options.kind.length > 0 ? [...new Set(options.kind)] : [...DEFAULT_EXPORT_KINDS];
  const loaded = await loadFleet(common);
  try {
    const targets = { ids: loaded.targets.map((t) => t.clusterId) };
    const total = loaded.targets.length * (kinds.length + 1);
    let done = 0;
    const progress = startProgress({ stream: io.stderr, total, label: 'export' });
    const onProgress = () => progress.tick(++done, total);
    const statusTimeout = common.timeoutMs ?? DEFAULT_STATUS_TIMEOUT_MS;
    const [statuses, ...lists] = await Promise.all([
      loaded.fleet.run(
        targets,
        (session, signal) => probeCluster(session, signal, budgetWithin(statusTimeout)),
        {
          timeoutMs: statusTimeout,
          onProgress,
        },
      ),
      ...kinds.map((kind) =>
        loaded.fleet.run(
          targets,
          (session, signal) => readObjects(loaded.fleet, session, { kind }, undefined, signal),
          {
            timeoutMs: common.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS,
            onProgress,
          },
        ),
      ),
    ]);
    progress.stop();

    const findings: ClusterFindings[] = statuses.entries.map((entry, i) => ({
      clusterId: entry.clusterId,
      clusterName: entry.clusterName,
      label: loaded.labels.get(entry.clusterId) ?? entry.clusterName,
      status:
        entry.status === 'ok'
          ? entry.value
          : failedStatus({ ...entry, server: loaded.targets[i]?.server ?? '' }, entryError(entry)),
      kinds: kinds.map((kind, k) => ({
        kind,
        entry: lists[k]?.entries[i] as (typeof lists)[number]['entries'][number],
      })),
    }));
    const report = fleetReport(findings, kinds, new Date());
    const text = RENDER[format](report);
    if (options.output) {
      await writePrivateFileAtomic(options.output, text);
      io.stderr.write(
        `wrote ${format} report of ${findings.length} clusters${report.partial ? ' (PARTIAL: some clusters failed)' : ''} to ${options.output}\n`,
      );
    } else {
      io.stdout.write(text);
    }
    for (const f of findings) {
      for (const error of f.status.errors) io.stderr.write(failureLine(f.label, error));
      for (const { kind, entry } of f.kinds) {
        if (entry.status !== 'ok') io.stderr.write(failureLine(f.label, entryError(entry), kind));
      }
    }
    reportSourceErrors(io.stderr, loaded.sourceErrors);
    return exitCodeFor([
      ...report.clusters.map((c) => c.status === 'ok'),
      ...loaded.sourceErrors.map(() => false),
    ]);
  } finally {
    loaded.dispose();
  }
}
