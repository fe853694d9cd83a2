import type { Report, ReportCell, ReportCluster } from './report';
import { sanitizeText, sanitizeValue } from './sanitize';

/** Every cell passes through `redact()` here, so a custom column cannot leak a token. */
export function cellText(cell: ReportCell): string {
  if (cell === null) return '';
  return typeof cell === 'string' ? sanitizeText(cell) : String(cell);
}

export function partialNotice(report: Report): string | undefined {
  if (!report.partial) return undefined;
  const missing = report.clusters.filter((cluster) => cluster.status !== 'ok');
  const names = missing.map((cluster) => `${cluster.clusterName} (${cluster.status})`).join(', ');
  return `PARTIAL REPORT: not every cluster answered in full${names ? ` — ${names}` : ''}. Counts for these clusters are incomplete, not zero.`;
}

export function clusterLine(cluster: ReportCluster): string {
  const count = cluster.count !== undefined ? `, ${cluster.count} items` : '';
  const error = cluster.error ? ` — ${cluster.error.kind}: ${sanitizeText(cluster.error.message)}` : '';
  return `${cluster.clusterName} [${cluster.clusterId}]: ${cluster.status}${count}${error}`;
}

/** Pretty-printed JSON: header, per-cluster status, and the sanitized data (or the tables). */
export function renderJSON(report: Report): string {
  const body = {
    title: report.title,
    generatedAt: report.generatedAt,
    partial: report.partial,
    ...(report.partial ? { notice: partialNotice(report) } : {}),
    clusters: report.clusters,
    ...(report.data !== undefined
      ? { data: report.data }
      : {
          tables: report.tables.map((table) => ({
            ...table,
            rows: table.rows.map((row) => row.map(cellText)),
          })),
        }),
  };
  return `${JSON.stringify(sanitizeValue(body), null, 2)}\n`;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 field. Text that a spreadsheet would run as a formula (leading `= + - @`, tab or
 * CR) gets a leading apostrophe, OWASP's advice; numbers stay numbers.
 */
export function csvField(cell: ReportCell): string {
  let text = cellText(cell);
  if (typeof cell === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvRow = (cells: readonly ReportCell[]): string => cells.map(csvField).join(',');

/**
 * CSV with CRLF line ends. The cluster status block comes first (a partial report opens with its
 * notice), then each table after a blank line, so a spreadsheet shows the failure above the data.
 */
export function renderCSV(report: Report): string {
  const lines: string[] = [];
  const notice = partialNotice(report);
  if (notice) lines.push(csvRow([notice]), '');
  lines.push(csvRow(['Cluster', 'Cluster ID', 'Status', 'Count', 'Error']));
  for (const cluster of report.clusters) {
    lines.push(
      csvRow([
        cluster.clusterName,
        cluster.clusterId,
        cluster.status,
        cluster.count ?? null,
        cluster.error ? `${cluster.error.kind}: ${cluster.error.message}` : null,
      ]),
    );
  }
  for (const table of report.tables) {
    lines.push('', csvRow(table.columns), ...table.rows.map(csvRow));
  }
  return `${lines.join('\r\n')}\r\n`;
}

const mdEscape = (text: string): string =>
  text
    .replace(/\\/g, '\\\\')
    .replace(/([|*_`<>[\]])/g, '\\$1')
    .replace(/\r?\n/g, '<br>');

function mdTable(columns: readonly string[], rows: ReadonlyArray<readonly ReportCell[]>): string[] {
  if (rows.length === 0) return ['_No rows._'];
  return [
    `| ${columns.map(mdEscape).join(' | ')} |`,
    `|${columns.map(() => ' --- ').join('|')}|`,
    ...rows.map((row) => `| ${row.map((cell) => mdEscape(cellText(cell))).join(' | ')} |`),
  ];
}

/** A report as Markdown: its clusters with their status first, then its tables. */
export function renderMarkdown(report: Report): string {
  const lines = [`# ${mdEscape(report.title)}`, '', `Generated ${report.generatedAt}.`, ''];
  const notice = partialNotice(report);
  if (notice) lines.push(`> **⚠ ${mdEscape(notice)}**`, '');
  lines.push('## Clusters', '');
  lines.push(
    ...mdTable(
      ['Cluster', 'Status', 'Count', 'Error'],
      report.clusters.map((cluster) => [
        `${cluster.clusterName} (${cluster.clusterId})`,
        cluster.status,
        cluster.count ?? null,
        cluster.error ? `${cluster.error.kind}: ${cluster.error.message}` : null,
      ]),
    ),
    '',
  );
  for (const table of report.tables)
    lines.push(`## ${mdEscape(table.title)}`, '', ...mdTable(table.columns, table.rows), '');
  return lines.join('\n');
}
