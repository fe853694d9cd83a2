import { csvField, renderCSV, type Report, type ReportCell } from '@flotilla/cluster-core';

const row = (cells: readonly ReportCell[]): string => cells.map(csvField).join(',');

/**
 * cluster-core's CSV (partial notice, then one status line per cluster), followed by every table
 * under a title line. The fleet report's tables are its per-cluster sections, and a section whose
 * title ("sim-3: error — …") is missing would be an unlabelled block in a spreadsheet.
 */
export function renderSectionedCSV(report: Report): string {
  const lines: string[] = [];
  for (const table of report.tables)
    lines.push('', row([table.title]), row(table.columns), ...table.rows.map(row));
  return `${renderCSV({ ...report, tables: [] })}${lines.join('\r\n')}\r\n`;
}
