import type { FleetListEntry, FleetEntry } from '@flotilla/cluster-core';

/** A plain text table: columns padded to their widest cell. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** One line per cluster that did not answer, naming it and the error kind: failed is never empty. */
export function describeFailures(
  entries: ReadonlyArray<FleetListEntry<unknown> | FleetEntry<unknown>>,
): string[] {
  return entries.flatMap((entry) => {
    if (entry.status === 'ok') return [];
    if (entry.status === 'skipped')
      return [`${entry.clusterName} (${entry.clusterId}): skipped: ${entry.reason}`];
    return [`${entry.clusterName} (${entry.clusterId}): ${entry.error.kind}: ${entry.error.message}`];
  });
}
