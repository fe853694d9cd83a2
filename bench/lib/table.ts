import { formatBytes, formatNumber, formatRatio } from './format';
import type { ResultFile } from './results';

function pad(cells: string[][]): string {
  const widths =
    cells[0]?.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length))) ?? [];
  return cells
    .map((row) =>
      row
        .map((cell, column) =>
          column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
        )
        .join('  '),
    )
    .join('\n');
}

/** The console summary of one result: rows, ratios, metrics and where it ran. */
export function formatTable(result: ResultFile): string {
  const header = ['measure / subject', 'median', 'p95', 'unit', 'rate (at median)', 'runs'];
  const body = result.rows.map((row) => [
    `${row.measure} · ${row.subject}`,
    formatNumber(row.median),
    formatNumber(row.p95),
    row.unit,
    row.throughput ? `${formatNumber(row.throughput.median)} ${row.throughput.unit}` : '',
    String(row.samples.length),
  ]);
  const lines = [`${result.title} [${result.scenario}, ${result.size}]`, pad([header, ...body])];
  if (result.ratios.length > 0)
    lines.push('', pad(result.ratios.map((r) => [r.label, formatRatio(r.value)])));
  if (result.metrics.length > 0)
    lines.push('', pad(result.metrics.map((m) => [m.name, formatNumber(m.value), m.unit])));
  for (const note of result.notes) lines.push(`note: ${note}`);
  const m = result.machine;
  lines.push(
    `machine: ${m.cores} × ${m.cpuModel}, ${formatBytes(m.totalMemoryBytes)}, Node ${m.node}, ${m.platform}/${m.arch}, gc ${m.gc}`,
  );
  return lines.join('\n');
}
