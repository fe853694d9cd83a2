/**
 * Finds crash-looping pods in every cluster of a kubeconfig.
 *
 *   npm run example -- crashlooping-pods [--kubeconfig PATH] [--min-restarts N]
 *
 * A pod counts when a container waits in `CrashLoopBackOff`, or has restarted at least
 * `--min-restarts` times (default 5) without being ready. Clusters that fail to answer are listed
 * with their error and make the exit code 3: their pods are unknown, not absent.
 */
import type { FleetOperations } from '@flotilla/cluster-core';
import { describeFailures, formatTable } from './report-format';

interface ContainerStatus {
  name: string;
  ready?: boolean;
  restartCount?: number;
  state?: { waiting?: { reason?: string }; terminated?: { reason?: string } };
  lastState?: { terminated?: { reason?: string; exitCode?: number } };
}

interface Pod {
  metadata: { name: string; namespace?: string };
  status?: { containerStatuses?: ContainerStatus[] };
}

export interface CrashLoopingPod {
  clusterId: string;
  clusterName: string;
  namespace: string;
  pod: string;
  container: string;
  restarts: number;
  reason: string;
  lastExitCode: number | null;
}

export interface CrashLoopReport {
  pods: CrashLoopingPod[];
  /** Clusters that did not answer, one line each. */
  failures: string[];
  partial: boolean;
}

export async function findCrashLoopingPods(
  fleet: FleetOperations,
  options: { minRestarts?: number } = {},
): Promise<CrashLoopReport> {
  const minRestarts = options.minRestarts ?? 5;
  const result = await fleet.list<Pod>('pods');
  const pods: CrashLoopingPod[] = [];
  for (const { clusterId, clusterName, object } of result.items) {
    for (const container of object.status?.containerStatuses ?? []) {
      const waiting = container.state?.waiting?.reason;
      const restarts = container.restartCount ?? 0;
      const looping =
        waiting === 'CrashLoopBackOff' || (restarts >= minRestarts && container.ready === false);
      if (!looping) continue;
      pods.push({
        clusterId,
        clusterName,
        namespace: object.metadata.namespace ?? '',
        pod: object.metadata.name,
        container: container.name,
        restarts,
        reason: waiting ?? container.lastState?.terminated?.reason ?? 'restarting',
        lastExitCode: container.lastState?.terminated?.exitCode ?? null,
      });
    }
  }
  pods.sort((a, b) => b.restarts - a.restarts || a.clusterName.localeCompare(b.clusterName));
  return { pods, failures: describeFailures(result.entries), partial: result.partial };
}

export function formatCrashLoopReport(report: CrashLoopReport): string {
  const rows = report.pods.map((p) => [
    p.clusterName,
    p.namespace,
    p.pod,
    p.container,
    String(p.restarts),
    p.reason,
    p.lastExitCode === null ? '' : String(p.lastExitCode),
  ]);
  const table = rows.length
    ? formatTable(['CLUSTER', 'NAMESPACE', 'POD', 'CONTAINER', 'RESTARTS', 'REASON', 'EXIT'], rows)
    : 'No crash-looping pods in the clusters that answered.';
  const failures = report.failures.length
    ? `\n\nThese clusters did not answer, so their pods are unknown:\n${report.failures.map((f) => `  ${f}`).join('\n')}`
    : '';
  return table + failures;
}
