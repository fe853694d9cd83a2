import { formatBytes, formatNumber, formatRatio } from '../format';
import type { ResultFile } from '../results';
import type { ResultRow } from '../scenario';

const WIDTH = 760;
const LABEL_WIDTH = 230;
const BAR_AREA = 370;
const BAR_HEIGHT = 18;
const ROW_STEP = 26;
const GROUP_TITLE_STEP = 24;
const GROUP_GAP = 14;
const COLORS = ['#2563eb', '#9ca3af', '#f59e0b', '#10b981'];

function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );
}

/** Rates are drawn when a row has one (longer = faster); otherwise the median (longer = more). */
function barValue(row: ResultRow): { value: number; label: string } {
  if (row.throughput)
    return {
      value: row.throughput.median,
      label: `${formatNumber(row.throughput.median)} ${row.throughput.unit}`,
    };
  return { value: row.median, label: `${formatNumber(row.median)} ${row.unit}` };
}

function groups(rows: readonly ResultRow[]): Map<string, ResultRow[]> {
  const byMeasure = new Map<string, ResultRow[]>();
  for (const row of rows) byMeasure.set(row.measure, [...(byMeasure.get(row.measure) ?? []), row]);
  return byMeasure;
}

/** A grouped horizontal bar chart of one result, one group per measure, bars scaled within a group. */
export function renderSvg(result: ResultFile): string {
  const parts: string[] = [];
  let y = 56;
  for (const [measure, rows] of groups(result.rows)) {
    const ratio = result.ratios.find((r) => r.label === measure);
    const title = ratio ? `${measure} · ${rows[0]?.subject ?? ''} at ${formatRatio(ratio.value)}` : measure;
    parts.push(`<text x="16" y="${y}" class="group">${escapeXml(title)}</text>`);
    y += GROUP_TITLE_STEP - 8;
    const max = Math.max(...rows.map((r) => barValue(r).value));
    for (const [index, row] of rows.entries()) {
      const { value, label } = barValue(row);
      const width = max > 0 ? Math.max(1, (value / max) * BAR_AREA) : 1;
      const color = COLORS[index % COLORS.length] ?? COLORS[0];
      parts.push(
        `<text x="${LABEL_WIDTH - 8}" y="${y + 13}" class="subject" text-anchor="end">${escapeXml(row.subject)}</text>`,
        `<rect x="${LABEL_WIDTH}" y="${y}" width="${width.toFixed(1)}" height="${BAR_HEIGHT}" rx="2" fill="${color}"/>`,
        `<text x="${(LABEL_WIDTH + width + 6).toFixed(1)}" y="${y + 13}" class="value">${escapeXml(label)}</text>`,
      );
      y += ROW_STEP;
    }
    y += GROUP_GAP;
  }
  const m = result.machine;
  const footer = `${m.cores} × ${m.cpuModel}, ${formatBytes(m.totalMemoryBytes)}, Node ${m.node}, ${m.platform}/${m.arch} · ${result.size} size · ${result.startedAt.slice(0, 10)}`;
  parts.push(`<text x="16" y="${y + 4}" class="footer">${escapeXml(footer)}</text>`);
  const height = y + 20;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escapeXml(result.title)}">`,
    '<style>text{font-family:system-ui,-apple-system,Segoe UI,sans-serif;fill:#111827}.title{font-size:16px;font-weight:600}.group{font-size:13px;font-weight:600}.subject,.value{font-size:12px}.footer{font-size:11px;fill:#6b7280}</style>',
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="16" y="28" class="title">${escapeXml(result.title)}</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
