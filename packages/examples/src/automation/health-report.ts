/**
 * Writes a fleet health report: every cluster's connection, auth and health, versions, nodes,
 * capacity, latency and last error.
 *
 *   npm run example -- health-report [--format md|json|csv|html] [--out FILE] [--kubeconfig PATH]
 *
 * Each cluster is probed on its own with its own deadline, so a hung or unauthorised cluster shows
 * up in the report with its state and error instead of holding the report back. The file is written
 * 0600, atomically. Exit code 3 when the report is partial.
 */
import {
  createFleet,
  createLocalFleetClient,
  type ClusterManager,
  type ExportFormat,
} from '@flotilla/cluster-core';
import { writePrivateFileAtomic } from '@flotilla/cluster-core/node';
import { resolve } from 'node:path';

/** The formats a health report can be written in. */
export const HEALTH_REPORT_FORMATS = ['md', 'json', 'csv', 'html'] as const satisfies readonly ExportFormat[];
export type HealthReportFormat = (typeof HEALTH_REPORT_FORMATS)[number];

export interface HealthReportOptions {
  format?: HealthReportFormat;
  /** Write here (0600); without it the content is only returned. */
  path?: string;
  /** How long to wait for each cluster's first probe and its inventory (default 10 s). */
  probeTimeoutMs?: number;
}

export interface WrittenReport {
  path: string | null;
  content: string;
  partial: boolean;
}

export async function writeHealthReport(
  manager: ClusterManager,
  options: HealthReportOptions = {},
): Promise<WrittenReport> {
  const probeTimeoutMs = options.probeTimeoutMs ?? 10_000;
  const client = createLocalFleetClient(manager, { inventoryIntervalMs: 0 });

  try {
    // connect() settles after each cluster's first probe, whatever its outcome; a cluster that
    // takes longer than the deadline is reported as it stands.
    await Promise.all(manager.list().map((session) => within(session.connect(), probeTimeoutMs)));
    // Node and pod counts, per cluster; one that fails keeps showing its state and error.
    await createFleet(manager, { timeoutMs: probeTimeoutMs }).refreshInventory({ targets: 'connected' });
    const file = await client.export({ source: 'health', format: options.format ?? 'md' });
    const path = options.path ? resolve(options.path) : null;
    if (path) await writePrivateFileAtomic(path, file.content);
    return { path, content: file.content, partial: file.partial };
  } finally {
    client.close();
  }
}

function within(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(done, ms);
    void promise.finally(() => {
      clearTimeout(timer);
      done();
    });
  });
}
