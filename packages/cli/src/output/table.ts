import { padEnd, visibleWidth } from './text-width';

/** Spaces between columns, as kubectl prints them. */
export const COLUMN_GAP = 3;

/**
 * A kubectl-style table: upper-case headers, no borders, columns three spaces apart, no trailing
 * blanks. Cells may carry colour codes; widths are measured without them.
 */
export function renderTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const lines = [headers, ...rows];
  const widths = headers.map((_, column) =>
    Math.max(...lines.map((cells) => visibleWidth(cells[column] ?? ''))),
  );
  return lines
    .map((cells) =>
      cells
        .map((cell, column) =>
          column === cells.length - 1 ? cell : padEnd(cell, (widths[column] ?? 0) + COLUMN_GAP),
        )
        .join('')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}
