import {
  sanitizeValue,
  type FleetEntry,
  type KubeObjectLike,
  type Report,
  type ReportCell,
  type ReportTable,
  type SerializedFlotillaError,
} from '@flotilla/cluster-core';
import { kindColumns } from '../../columns/index';
import { bareMessage, entryError } from '../../fleet/failures';
import type { ClusterObjects } from '../get/list-objects';
import type { ClusterStatus } from '../status/cluster-status';

/** Everything gathered about one cluster: its probe and one read per requested kind. */
export interface ClusterFindings {
  clusterId: string;
  clusterName: string;
  label: string;
  status: ClusterStatus;
  /** kind as typed → that cluster's answer. */
  kinds: ReadonlyArray<{ kind: string; entry: FleetEntry<ClusterObjects> }>;
}

interface ItemSummary {
  namespace: string;
  name: string;
  status: string;
  created: string;
}

const errorText = (error: SerializedFlotillaError) => `${error.kind}: ${bareMessage(error)}`;

function failures(findings: ClusterFindings): Array<{ what: string; error: SerializedFlotillaError }> {
  const out = findings.status.ok ? [] : findings.status.errors.map((error) => ({ what: 'status', error }));
  if (!findings.status.ok && out.length === 0) {
    out.push({
      what: 'status',
      error: {
        kind: 'server',
        clusterId: findings.clusterId,
        message: `${findings.status.connection}, auth ${findings.status.auth}, health ${findings.status.health}`,
        retryable: true,
      },
    });
  }
  for (const { kind, entry } of findings.kinds) {
    if (entry.status !== 'ok') out.push({ what: kind, error: entryError(entry) });
  }
  return out;
}

function summarize(entry: FleetEntry<ClusterObjects>, now: number): ItemSummary[] {
  if (entry.status !== 'ok') return [];
  const summary = kindColumns(entry.value.resource).summary;
  return entry.value.items.map((object: KubeObjectLike) => ({
    namespace: object.metadata.namespace ?? '',
    name: object.metadata.name,
    status: summary ? summary(object, { now }) : '',
    created: object.metadata.creationTimestamp ?? '',
  }));
}

function healthRow(f: ClusterFindings): ReportCell[] {
  const s = f.status;
  const platform =
    s.platform === 'openshift' && s.openshiftVersion ? `openshift ${s.openshiftVersion}` : s.platform;
  return [
    f.label,
    s.connection,
    s.auth,
    s.health,
    s.version ?? '',
    platform,
    s.nodes ? `${s.nodes.ready}/${s.nodes.total}` : '',
    s.latencyMs === null ? null : Math.round(s.latencyMs),
    s.errors[0] ? errorText(s.errors[0]) : '',
  ];
}

/** One section per cluster: its state (and what failed) in the title, its objects below. */
function clusterSection(f: ClusterFindings, now: number): ReportTable {
  const failed = failures(f);
  const state =
    failed.length === 0
      ? 'ok'
      : `error — ${failed.map((x) => `${x.what}: ${errorText(x.error)}`).join('; ')}`;
  return {
    title: `${f.label}: ${state}`,
    columns: ['Kind', 'Namespace', 'Name', 'Status', 'Created'],
    rows: f.kinds.flatMap(({ kind, entry }) =>
      summarize(entry, now).map((item) => [kind, item.namespace, item.name, item.status, item.created]),
    ),
  };
}

/**
 * The fleet report as a format-neutral cluster-core `Report`: a health table, one section per
 * cluster stating its status and errors, per-kind counts as charts, and structured (sanitized)
 * data for JSON. A cluster that failed anything makes the report partial, and the renderers say so
 * at the top.
 */
export function fleetReport(
  findings: readonly ClusterFindings[],
  kinds: readonly string[],
  now: Date,
): Report {
  const at = now.getTime();
  const clusters = findings.map((f) => {
    const failed = failures(f);
    const count = f.kinds.reduce(
      (sum, { entry }) => sum + (entry.status === 'ok' ? entry.value.items.length : 0),
      0,
    );
    const first = failed[0];
    return {
      clusterId: f.clusterId,
      clusterName: f.label,
      status: failed.length === 0 ? 'ok' : 'error',
      count,
      ...(first
        ? { error: { kind: first.error.kind, message: `${first.what}: ${bareMessage(first.error)}` } }
        : {}),
    };
  });
  return {
    title: `Fleet report: ${findings.length} clusters`,
    generatedAt: now.toISOString(),
    partial: clusters.some((c) => c.status !== 'ok'),
    clusters,
    tables: [
      {
        title: 'Cluster health',
        columns: [
          'Cluster',
          'Connection',
          'Auth',
          'Health',
          'Version',
          'Platform',
          'Nodes',
          'Latency (ms)',
          'Error',
        ],
        rows: findings.map(healthRow),
      },
      ...findings.map((f) => clusterSection(f, at)),
    ],
    charts: kinds.map((kind) => ({
      title: `${kind} per cluster`,
      bars: findings.map((f) => {
        const entry = f.kinds.find((k) => k.kind === kind)?.entry;
        return entry?.status === 'ok'
          ? { label: f.label, value: entry.value.items.length }
          : { label: f.label, value: 0, note: 'failed' };
      }),
    })),
    data: sanitizeValue({
      clusters: findings.map((f) => ({
        clusterId: f.clusterId,
        clusterName: f.clusterName,
        status: { ...f.status },
        resources: f.kinds.map(({ kind, entry }) => ({
          kind,
          status: entry.status,
          ...(entry.status !== 'ok' ? { error: entryError(entry) } : {}),
          items: summarize(entry, at),
        })),
      })),
    }),
  };
}
