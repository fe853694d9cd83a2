import { formatMs } from '../../options/duration';
import type { Colors } from '../../output/colors';
import { paint } from '../../output/colors';
import { renderTable } from '../../output/table';
import type { Tone } from '../../columns/column';
import type { ClusterStatus } from './cluster-status';

const HEADERS = ['CLUSTER', 'CONNECTION', 'AUTH', 'HEALTH', 'VERSION', 'PLATFORM', 'NODES', 'LATENCY'];

const tone = (good: boolean, unknown: boolean): Tone => (good ? 'good' : unknown ? 'warn' : 'bad');

function platformText(status: ClusterStatus): string {
  if (status.platform === 'openshift')
    return status.openshiftVersion ? `openshift ${status.openshiftVersion}` : 'openshift';
  return status.platform === 'unknown' ? '-' : status.platform;
}

/** The `status` table; `wide` adds the server and the first problem of each cluster. */
export function statusTable(
  rows: readonly ClusterStatus[],
  labels: ReadonlyMap<string, string>,
  colors: Colors,
  wide: boolean,
): string {
  const headers = wide ? [...HEADERS, 'SERVER', 'ERROR'] : HEADERS;
  return renderTable(
    headers,
    rows.map((s) => {
      const cells = [
        labels.get(s.clusterId) ?? s.clusterName,
        paint(colors, tone(s.connection === 'connected', false), s.connection),
        paint(colors, tone(s.auth === 'valid', s.auth === 'unknown'), s.auth),
        paint(colors, tone(s.health === 'healthy', s.health === 'unknown'), s.health),
        s.version ?? '-',
        platformText(s),
        s.nodes
          ? paint(
              colors,
              s.nodes.ready === s.nodes.total ? undefined : 'warn',
              `${s.nodes.ready}/${s.nodes.total}`,
            )
          : '-',
        s.latencyMs === null ? '-' : formatMs(s.latencyMs),
      ];
      if (!wide) return cells;
      const first = s.errors[0];
      return [...cells, s.server, first ? `${first.kind}: ${first.message.replace(/^\[[^\]]*\] /, '')}` : ''];
    }),
  );
}

/** `status -o json|yaml`: one entry per targeted cluster, whatever happened to it. */
export function statusDocument(rows: readonly ClusterStatus[]): {
  partial: boolean;
  clusters: readonly ClusterStatus[];
} {
  return { partial: rows.some((row) => !row.ok), clusters: rows };
}
