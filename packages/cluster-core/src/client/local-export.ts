import type { Clock } from '../clock';
import type { ClusterManager } from '../cluster-manager';
import { FlotillaError } from '../errors';
import { renderHTML } from '../export/html';
import { renderCSV, renderJSON, renderMarkdown } from '../export/render';
import {
  reportFromComparison,
  reportFromDistribution,
  reportFromQuery,
  reportFromVersionSkew,
  type Report,
  type ReportCluster,
} from '../export/report';
import type { ClusterQueryStatus } from '../fleet-store/query';
import { comparisonOf } from './comparison-snapshot';
import type {
  ComparisonQuery,
  ComparisonSnapshot,
  ExportFile,
  ExportFormat,
  ExportRequest,
  FleetView,
  ResourceQuery,
} from './fleet-client';
import { reportFromFleetHealth } from './health-report';
import type { LocalComparisonView } from './local-comparison-view';
import type { LocalResourcesView } from './local-resources-view';

/** What an export needs from the client that runs it. */
export interface ExportContext {
  manager: ClusterManager;
  clock: Clock;
  /** How long an export waits for every cluster to answer before it reports what it has. */
  timeoutMs: number;
  resources(query: ResourceQuery): LocalResourcesView;
  comparison(query: ComparisonQuery): LocalComparisonView;
}

const RENDER: Record<ExportFormat, { render: (report: Report) => string; mimeType: string }> = {
  json: { render: renderJSON, mimeType: 'application/json; charset=utf-8' },
  csv: { render: renderCSV, mimeType: 'text/csv; charset=utf-8' },
  md: { render: renderMarkdown, mimeType: 'text/markdown; charset=utf-8' },
  html: { render: renderHTML, mimeType: 'text/html; charset=utf-8' },
};

/**
 * Renders a report of live data. A view that is not loaded yet is watched until every targeted
 * cluster answered or `timeoutMs` passed; whatever is missing then is stated in that cluster's
 * header and the report is marked partial, never shown as empty.
 */
export async function exportReport(context: ExportContext, request: ExportRequest): Promise<ExportFile> {
  const renderer = RENDER[request.format as ExportFormat] as (typeof RENDER)[ExportFormat] | undefined;
  if (!renderer)
    throw fleetInvalid(`unknown export format "${String(request.format)}" (json, csv, md, html)`);
  // Stamped when the data is read, after any wait for the clusters.
  const now = () => new Date(context.clock.now());
  let report: Report;
  let slug: string;
  if (request.source === 'resources') {
    const view = context.resources(request.query);
    const { snapshot, kind } = await whenLoaded(
      view,
      context,
      (s) => s.loaded,
      (s) => ({
        snapshot: s,
        kind: view.resolvedKind() ?? request.query.kind,
      }),
    );
    report = withSkipReasons(
      reportFromQuery(
        { kind, items: snapshot.items, clusters: snapshot.clusters, partial: snapshot.partial },
        {
          generatedAt: now(),
          title: `${kind} across ${snapshot.clusters.length} clusters`,
        },
      ),
      snapshot.clusters,
    );
    slug = request.query.kind;
  } else if (request.source === 'comparison') {
    report = await comparisonReport(context, request.query, now);
    slug = `comparison-${request.query.kind}`;
  } else if (request.source === 'health') {
    report = reportFromFleetHealth(context.manager.getSnapshot(), { generatedAt: now() });
    slug = 'health';
  } else {
    throw fleetInvalid(`unknown export source "${String((request as { source?: unknown }).source)}"`);
  }
  return {
    filename: `flotilla-${slugOf(slug)}-${stampOf(new Date(report.generatedAt))}.${request.format}`,
    mimeType: renderer.mimeType,
    content: renderer.render(report),
    partial: report.partial,
  };
}

/** Distribution, version skew and (for a named object) the diff, as one report. */
async function comparisonReport(
  context: ExportContext,
  query: ComparisonQuery,
  now: () => Date,
): Promise<Report> {
  const view = context.comparison(query);
  // Read while still subscribed: the scope may stop once the export lets go of it.
  const { snapshot, slices } = await whenLoaded(
    view,
    context,
    (s) => s.loaded,
    (s: ComparisonSnapshot) => ({
      snapshot: s,
      slices: view.getSlices(),
    }),
  );
  const kind = snapshot.kind ?? query.kind;
  const generatedAt = now();
  const distribution = reportFromDistribution(
    {
      kinds: [{ kind, cells: snapshot.distribution, total: snapshot.total, partial: snapshot.partial }],
      partial: snapshot.partial,
    },
    { generatedAt },
  );
  const statuses = slices.map((slice) => slice.status);
  const fleet = context.manager.getSnapshot();
  const skew = reportFromVersionSkew(snapshot.versionSkew, {
    generatedAt,
    snapshots: fleet.clusters.filter((c) => statuses.some((s) => s.clusterId === c.clusterId)),
  });
  // The report shows which clusters lack a path, so it takes the diff with the marker kept.
  const diff = comparisonOf(slices, query, kind, { keepMissingMarker: true });
  const diffReport = diff ? reportFromComparison(diff, { generatedAt }) : null;
  const title = query.name ? `${kind} ${query.name} across clusters` : `${kind} across clusters`;
  return withSkipReasons(
    {
      title,
      generatedAt: generatedAt.toISOString(),
      partial: snapshot.partial,
      clusters: distribution.clusters,
      tables: [...distribution.tables, ...skew.tables, ...(diffReport?.tables ?? [])],
      charts: distribution.charts,
      data: {
        distribution: distribution.data,
        versionSkew: skew.data,
        ...(diffReport ? { diff: diffReport.data } : {}),
      },
    },
    statuses,
  );
}

/**
 * Subscribes until `ready` (or the deadline, then possibly partial) and returns what `capture`
 * reads while the view is still live.
 */
function whenLoaded<S, R>(
  view: FleetView<S>,
  context: ExportContext,
  ready: (snapshot: S) => boolean,
  capture: (snapshot: S) => R,
): Promise<R> {
  return new Promise<R>((resolve) => {
    let settled = false;
    // Filled after subscribe returns: a view may notify from inside subscribe.
    const subscription: { off?: () => void } = {};
    const finish = () => {
      if (settled) return;
      settled = true;
      context.clock.clearTimeout(timer);
      const result = capture(view.getSnapshot());
      subscription.off?.();
      resolve(result);
    };
    const timer = context.clock.setTimeout(finish, context.timeoutMs);
    subscription.off = view.subscribe(() => {
      if (ready(view.getSnapshot())) finish();
    });
    if (settled) subscription.off();
    else if (ready(view.getSnapshot())) finish();
  });
}

/** A skipped cluster's header says why it was left out. */
function withSkipReasons(report: Report, statuses: readonly ClusterQueryStatus[]): Report {
  const reasons = new Map(statuses.filter((s) => s.reason).map((s) => [s.clusterId, s.reason]));
  if (reasons.size === 0) return report;
  const clusters = report.clusters.map((cluster): ReportCluster =>
    reasons.has(cluster.clusterId)
      ? { ...cluster, status: `${cluster.status}: ${reasons.get(cluster.clusterId)}` }
      : cluster,
  );
  return { ...report, clusters };
}

function slugOf(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9.-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'export'
  );
}

/** `2026-01-05T10-31-00Z`: sortable, and valid in file names on every platform. */
function stampOf(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
}

/** A request that is wrong whatever the clusters say; it names no cluster because it concerns none. */
export function fleetInvalid(message: string): FlotillaError {
  return new FlotillaError({
    kind: 'invalid',
    clusterId: '',
    clusterName: 'fleet',
    message,
    retryable: false,
  });
}
