import type { Report, ReportChart } from './report';
import { cellText, clusterLine, partialNotice } from './render';

const escapeHtml = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const BAR = 18;
const GAP = 6;
const LABEL = 160;
const WIDTH = 360;

/** A horizontal bar chart as inline SVG: no script, no external asset, readable without CSS. */
export function barChartSvg(chart: ReportChart): string {
  const max = Math.max(1, ...chart.bars.map((bar) => bar.value));
  const height = chart.bars.length * (BAR + GAP) + GAP;
  const bars = chart.bars.map((bar, i) => {
    const y = GAP + i * (BAR + GAP);
    const width = Math.round((bar.value / max) * WIDTH);
    const note = bar.note ? ` (${bar.note})` : '';
    const fill = bar.note ? 'var(--flotilla-bar-warn, #c2410c)' : 'var(--flotilla-bar, #2563eb)';
    return [
      `<text x="${LABEL - 6}" y="${y + BAR - 5}" text-anchor="end">${escapeHtml(cellText(bar.label))}</text>`,
      `<rect x="${LABEL}" y="${y}" width="${width}" height="${BAR}" fill="${fill}"><title>${escapeHtml(`${cellText(bar.label)}: ${bar.value}${note}`)}</title></rect>`,
      `<text x="${LABEL + width + 6}" y="${y + BAR - 5}">${bar.value}${escapeHtml(note)}</text>`,
    ].join('');
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(chart.title)}" ` +
    `width="${LABEL + WIDTH + 140}" height="${height}" font-size="12" font-family="sans-serif">` +
    `${bars.join('')}</svg>`
  );
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;color:#111}
table{border-collapse:collapse;margin:0.5rem 0 1.5rem}th,td{border:1px solid #ccc;padding:0.25rem 0.5rem;text-align:left;vertical-align:top}
.partial{border:2px solid #c2410c;background:#fff7ed;padding:0.75rem 1rem;font-weight:600}
.status-error{color:#b91c1c}.status-ok{color:#15803d}`;

/** A standalone HTML document (no scripts, no external resources) with charts as inline SVG. */
export function renderHTML(report: Report): string {
  const notice = partialNotice(report);
  const clusters = report.clusters
    .map(
      (cluster) =>
        `<li class="status-${escapeHtml(cluster.status)}">${escapeHtml(clusterLine(cluster))}</li>`,
    )
    .join('');
  const charts = report.charts
    .map(
      (chart) => `<figure><figcaption>${escapeHtml(chart.title)}</figcaption>${barChartSvg(chart)}</figure>`,
    )
    .join('');
  const tables = report.tables
    .map((table) => {
      const head = table.columns.map((column) => `<th scope="col">${escapeHtml(column)}</th>`).join('');
      const rows = table.rows
        .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cellText(cell))}</td>`).join('')}</tr>`)
        .join('');
      return `<h2>${escapeHtml(table.title)}</h2><table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
    })
    .join('');
  return [
    '<!doctype html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(report.title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${escapeHtml(report.title)}</h1><p>Generated ${escapeHtml(report.generatedAt)}.</p>`,
    notice ? `<div class="partial" role="alert" data-partial="true">⚠ ${escapeHtml(notice)}</div>` : '',
    `<h2>Clusters</h2><ul>${clusters}</ul>`,
    charts,
    tables,
    '</body></html>',
    '',
  ].join('\n');
}
