import type { Report } from '@flotilla/cluster-core';
import type { Colors } from '../../output/colors';
import { renderTable } from '../../output/table';

/** Where each targeted cluster stands for the compared object. */
export interface CopyState {
  clusterId: string;
  clusterName: string;
  label: string;
  state: 'present' | 'absent' | 'failed';
  /** `kind: message` for a failed cluster. */
  error?: string;
}

const names = (states: readonly CopyState[], state: CopyState['state']): string =>
  states
    .filter((s) => s.state === state)
    .map((s) => (s.error ? `${s.label} (${s.error})` : s.label))
    .join(', ') || '-';

/**
 * The human view: which clusters have the object, lack it or failed, then one row per differing
 * path with a column per cluster that has it. `diff` is the report of the present copies, values
 * already redacted by cluster-core.
 */
export function compareText(
  title: string,
  states: readonly CopyState[],
  diff: Report,
  colors: Colors,
): string {
  const head = [
    colors.bold(title),
    `present: ${names(states, 'present')}`,
    `absent:  ${names(states, 'absent')}`,
    `failed:  ${names(states, 'failed')}`,
    '',
    '',
  ].join('\n');
  const table = diff.tables[0];
  const present = states.filter((s) => s.state === 'present');
  if (present.length === 0) return `${head}no cluster has it\n`;
  if (!table || table.rows.length === 0) {
    const subject =
      present.length === 1 ? `only ${present[0]?.label} has it` : `identical in ${present.length} clusters`;
    return `${head}${subject} (server-managed fields and status ignored)\n`;
  }
  const headers = ['PATH', ...present.map((s) => s.label)];
  const rows = table.rows.map((row) => row.map((cell) => (cell === null ? '' : String(cell))));
  return `${head}${renderTable(headers, rows)}`;
}
