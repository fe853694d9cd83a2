import type { ClusterSnapshot } from '../cluster-state';
import type { Distribution } from '../comparison/distribution';
import { MISSING, type ObjectComparison } from '../comparison/object-diff';
import type { VersionSkewMatrix } from '../comparison/version-skew';
import type { SerializedFlotillaError } from '../errors';
import type { ClusterQueryStatus, FleetQueryResult } from '../fleet-store/query';
import type { FleetStoreItem, KubeObjectLike } from '../fleet-store/types';
import { sanitizeAtPath, sanitizeText, sanitizeValue } from './sanitize';

export type ReportCell = string | number | boolean | null;

export interface ReportTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<readonly ReportCell[]>;
}

export interface ReportChart {
  readonly title: string;
  readonly bars: ReadonlyArray<{ label: string; value: number; note?: string }>;
}

/** The header line of one cluster: every targeted cluster has one, failed ones with their error. */
export interface ReportCluster {
  readonly clusterId: string;
  readonly clusterName: string;
  /** `ok`, `error`, `syncing`, `stale`, or `unknown` where nothing was heard from the cluster. */
  readonly status: string;
  readonly count?: number;
  /** Redacted. */
  readonly error?: { kind: string; message: string };
}

/** Format-neutral report; the renderers (JSON, CSV, Markdown, HTML) only lay it out. */
export interface Report {
  readonly title: string;
  readonly generatedAt: string;
  readonly partial: boolean;
  readonly clusters: readonly ReportCluster[];
  readonly tables: readonly ReportTable[];
  readonly charts: readonly ReportChart[];
  /** Structured, sanitized data for the JSON export. */
  readonly data?: unknown;
}

export interface ReportOptions {
  title?: string;
  /** Defaults to the current time; pass one for reproducible output. */
  generatedAt?: Date;
}

export interface QueryColumn<T extends KubeObjectLike = KubeObjectLike> {
  header: string;
  value: (item: FleetStoreItem<T>) => ReportCell;
}

const labelsText = (labels: Record<string, string> | undefined): string =>
  Object.entries(labels ?? {})
    .map(([key, value]) => `${key}=${value}`)
    .join(',');

/** Columns of a resource report: cluster, namespace, name, labels and creation time. */
export const DEFAULT_QUERY_COLUMNS: readonly QueryColumn[] = [
  { header: 'Cluster', value: (item) => item.clusterName },
  { header: 'Namespace', value: (item) => item.object.metadata.namespace ?? '' },
  { header: 'Name', value: (item) => item.object.metadata.name },
  { header: 'Labels', value: (item) => labelsText(item.object.metadata.labels) },
  { header: 'Created', value: (item) => item.object.metadata.creationTimestamp ?? '' },
];

function errorOf(error: SerializedFlotillaError | undefined): ReportCluster['error'] {
  return error ? { kind: error.kind, message: sanitizeText(error.message) } : undefined;
}

function header(status: {
  clusterId: string;
  clusterName: string;
  status: string;
  count?: number;
  error?: SerializedFlotillaError;
}): ReportCluster {
  const error = errorOf(status.error);
  return {
    clusterId: status.clusterId,
    clusterName: status.clusterName,
    status: status.status,
    ...(status.count !== undefined ? { count: status.count } : {}),
    ...(error ? { error } : {}),
  };
}

const stamp = (options: ReportOptions): string => (options.generatedAt ?? new Date()).toISOString();

const countChart = (title: string, clusters: readonly ClusterQueryStatus[]): ReportChart => ({
  title,
  bars: clusters.map((cluster) => ({
    label: cluster.clusterName,
    value: cluster.count,
    ...(cluster.status !== 'ok' ? { note: cluster.status } : {}),
  })),
});

/** A table of the items (columns configurable) with a per-cluster header and a count chart. */
export function reportFromQuery<T extends KubeObjectLike>(
  result: FleetQueryResult<T>,
  options: ReportOptions & { columns?: ReadonlyArray<QueryColumn<T>> } = {},
): Report {
  const columns = options.columns ?? (DEFAULT_QUERY_COLUMNS as ReadonlyArray<QueryColumn<T>>);
  return {
    title: options.title ?? `${result.kind} across ${result.clusters.length} clusters`,
    generatedAt: stamp(options),
    partial: result.partial,
    clusters: result.clusters.map(header),
    tables: [
      {
        title: result.kind,
        columns: columns.map((column) => column.header),
        rows: result.items.map((item) => columns.map((column) => column.value(item))),
      },
    ],
    charts: [countChart(`${result.kind} per cluster`, result.clusters)],
    data: {
      kind: result.kind,
      items: result.items.map((item) => ({
        clusterId: item.clusterId,
        clusterName: item.clusterName,
        kind: item.kind,
        object: sanitizeValue(item.object, item.kind),
      })),
    },
  };
}

const SEVERITY: Record<string, number> = { ok: 0, syncing: 1, stale: 2, error: 3 };

/** Counts by kind × cluster with the status breakdown; each cluster's header shows its worst kind. */
export function reportFromDistribution(distribution: Distribution, options: ReportOptions = {}): Report {
  const worst = new Map<string, ReportCluster>();
  const rows: ReportCell[][] = [];
  for (const kind of distribution.kinds) {
    for (const cell of kind.cells) {
      const current = worst.get(cell.clusterId);
      if (!current || (SEVERITY[cell.status] ?? 0) > (SEVERITY[current.status] ?? 0)) {
        worst.set(cell.clusterId, header({ ...cell, count: undefined }));
      }
      const breakdown = Object.entries(cell.breakdown)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, count]) => `${key}: ${count}`)
        .join(', ');
      rows.push([kind.kind, cell.clusterName, cell.status, cell.count, breakdown]);
    }
  }
  return {
    title: options.title ?? 'Resource distribution',
    generatedAt: stamp(options),
    partial: distribution.partial,
    clusters: [...worst.values()],
    tables: [
      {
        title: 'Objects by kind and cluster',
        columns: ['Kind', 'Cluster', 'Status', 'Count', 'Breakdown'],
        rows,
      },
    ],
    charts: distribution.kinds.map((kind) =>
      countChart(kind.kind, kind.cells as unknown as ClusterQueryStatus[]),
    ),
    data: sanitizeValue(distribution),
  };
}

const toCell = (value: unknown): ReportCell =>
  typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');

/** The differing paths, one column per cluster; `<missing>` where a cluster lacks the path. */
export function reportFromComparison(comparison: ObjectComparison, options: ReportOptions = {}): Report {
  const { kind, ref } = comparison;
  const name = ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
  const safe = (path: string, value: unknown): unknown => sanitizeAtPath(path, value, kind);
  return {
    title: options.title ?? `${kind} ${name} across clusters`,
    generatedAt: stamp(options),
    partial: comparison.partial,
    clusters: comparison.clusters.map((cluster) =>
      header({ ...cluster, status: cluster.present || cluster.status !== 'ok' ? cluster.status : 'absent' }),
    ),
    tables: [
      {
        title: `Differences (${comparison.diff.length})`,
        columns: ['Path', ...comparison.clusters.map((cluster) => cluster.clusterName)],
        rows: comparison.diff.map((entry) => [
          entry.path,
          ...comparison.clusters.map((cluster) => {
            const value = entry.values[cluster.clusterId];
            return value === MISSING ? '<missing>' : toCell(safe(entry.path, value));
          }),
        ]),
      },
    ],
    charts: [],
    data: {
      kind,
      ref,
      diff: comparison.diff.map((entry) => {
        const ids = Object.keys(entry.values);
        const present = ids.filter((id) => entry.values[id] !== MISSING);
        return {
          path: entry.path,
          values: Object.fromEntries(present.map((id) => [id, safe(entry.path, entry.values[id])])),
          missing: ids.filter((id) => entry.values[id] === MISSING),
        };
      }),
    },
  };
}

/** Versions per cluster and served API versions; snapshots (optional) supply each cluster's state and error. */
export function reportFromVersionSkew(
  matrix: VersionSkewMatrix,
  options: ReportOptions & { snapshots?: readonly ClusterSnapshot[] } = {},
): Report {
  const snapshots = new Map(options.snapshots?.map((snapshot) => [snapshot.clusterId, snapshot]));
  const clusters = matrix.clusters.map((row) => {
    const error = snapshots.get(row.clusterId)?.lastError ?? undefined;
    const status = row.kubernetesVersion === null ? (error ? 'error' : 'unknown') : 'ok';
    return header({
      clusterId: row.clusterId,
      clusterName: row.clusterName,
      status,
      ...(error ? { error } : {}),
    });
  });
  const mark = (served: boolean | null | undefined) =>
    served === null || served === undefined ? '?' : served ? 'yes' : 'no';
  return {
    title: options.title ?? 'Version skew',
    generatedAt: stamp(options),
    partial: matrix.unknown.length > 0,
    clusters,
    tables: [
      {
        title: matrix.skewed ? `Versions (skew: ${matrix.minorSkew} minor)` : 'Versions (no skew)',
        columns: ['Cluster', 'Kubernetes', 'Platform', 'OpenShift', 'Behind newest'],
        rows: matrix.clusters.map((row) => [
          row.clusterName,
          row.kubernetesVersion ?? 'unknown',
          row.platform,
          row.openshiftVersion ?? '',
          row.behind,
        ]),
      },
      {
        title: 'Served API versions',
        columns: ['API version', ...matrix.clusters.map((row) => row.clusterName), 'Skew'],
        rows: matrix.apis.map((api) => [
          api.groupVersion,
          ...matrix.clusters.map((row) => mark(api.servedBy[row.clusterId])),
          api.skewed,
        ]),
      },
    ],
    charts: [],
    data: sanitizeValue(matrix),
  };
}
