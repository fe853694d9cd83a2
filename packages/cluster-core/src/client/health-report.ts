import type { FleetSnapshot } from '../cluster-manager';
import type { ClusterSnapshot } from '../cluster-state';
import type { Report, ReportCluster, ReportOptions } from '../export/report';
import { sanitizeText, sanitizeValue } from '../export/sanitize';

/** `ok` when a cluster is connected with valid credentials; otherwise the axis that is not. */
function statusOf(cluster: ClusterSnapshot): string {
  if (cluster.connection === 'idle') return 'skipped (not connected)';
  if (cluster.auth === 'invalid' || cluster.auth === 'recovering') return `auth ${cluster.auth}`;
  if (cluster.connection !== 'connected') return cluster.connection;
  return cluster.health === 'degraded' ? 'degraded' : 'ok';
}

const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** Every cluster of the fleet with its three state axes, versions, size and last error. */
export function reportFromFleetHealth(fleet: FleetSnapshot, options: ReportOptions = {}): Report {
  const clusters: ReportCluster[] = fleet.clusters.map((cluster) => {
    const error = cluster.lastError;
    return {
      clusterId: cluster.clusterId,
      clusterName: cluster.clusterName,
      status: statusOf(cluster),
      ...(error && statusOf(cluster) !== 'ok'
        ? { error: { kind: error.kind, message: sanitizeText(error.message) } }
        : {}),
    };
  });
  const rows = fleet.clusters.map((cluster) => {
    const { metadata } = cluster;
    return [
      cluster.clusterName,
      cluster.clusterId,
      cluster.connection,
      cluster.auth,
      cluster.health,
      metadata.kubernetesVersion ?? 'unknown',
      metadata.platform,
      metadata.nodes ? `${metadata.nodes.ready}/${metadata.nodes.total}` : '',
      metadata.pods,
      metadata.allocatable?.cpu ?? null,
      metadata.allocatable ? mib(metadata.allocatable.memory) : null,
      cluster.latency.p50Ms,
      cluster.lastSeen === null ? '' : new Date(cluster.lastSeen).toISOString(),
      cluster.lastError ? `${cluster.lastError.kind}: ${cluster.lastError.message}` : '',
    ];
  });
  return {
    title: options.title ?? `Health of ${fleet.clusters.length} clusters`,
    generatedAt: (options.generatedAt ?? new Date()).toISOString(),
    partial: clusters.some((cluster) => cluster.status !== 'ok'),
    clusters,
    tables: [
      {
        title: 'Clusters',
        columns: [
          'Cluster',
          'Cluster ID',
          'Connection',
          'Auth',
          'Health',
          'Kubernetes',
          'Platform',
          'Nodes ready',
          'Pods',
          'CPU (cores)',
          'Memory (MiB)',
          'Latency p50 (ms)',
          'Last seen',
          'Last error',
        ],
        rows,
      },
    ],
    charts: [],
    data: sanitizeValue({ activeClusterId: fleet.activeClusterId, clusters: fleet.clusters }),
  };
}
