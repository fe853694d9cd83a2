import type { ClusterSnapshot } from '@flotilla/cluster-core';

export type SwitcherRow =
  | { readonly type: 'group'; readonly key: string; readonly label: string; readonly size: number }
  | {
      readonly type: 'option';
      readonly key: string;
      readonly cluster: ClusterSnapshot;
      readonly group: string | null;
      /** Position among options (not rows), 0-based. */
      readonly position: number;
    };

export interface SwitcherRowsOptions {
  /** Case-insensitive substring of the name, id or group. */
  search: string;
  /** clusterId → group name; clusters without one land in `ungroupedLabel`. Null: no grouping. */
  groupOf: ((cluster: ClusterSnapshot) => string | null | undefined) | null;
  ungroupedLabel: string;
}

/**
 * `localeCompare(b, undefined, { numeric: true })`, set up once: called with options, localeCompare
 * builds a collator on every call, which made sorting 500 clusters most of a keystroke's cost.
 */
const naturalOrder = new Intl.Collator(undefined, { numeric: true });

const byName = (a: ClusterSnapshot, b: ClusterSnapshot) =>
  naturalOrder.compare(a.clusterName, b.clusterName) ||
  (a.clusterId < b.clusterId ? -1 : a.clusterId > b.clusterId ? 1 : 0);

/**
 * The switcher's rows: matching clusters sorted by name, under group headers (groups by name, the
 * ungrouped last) when any cluster has a group. Headers are rows too, so one virtual list holds all.
 */
export function switcherRows(
  clusters: readonly ClusterSnapshot[],
  options: SwitcherRowsOptions,
): SwitcherRow[] {
  const needle = options.search.trim().toLowerCase();
  const entries = clusters.map((cluster) => ({ cluster, group: options.groupOf?.(cluster) ?? null }));
  const matching = needle
    ? entries.filter(
        ({ cluster, group }) =>
          cluster.clusterName.toLowerCase().includes(needle) ||
          cluster.clusterId.toLowerCase().includes(needle) ||
          (group?.toLowerCase().includes(needle) ?? false),
      )
    : entries;
  const grouped = matching.some((entry) => entry.group !== null);
  const rows: SwitcherRow[] = [];
  let position = 0;
  if (!grouped) {
    for (const { cluster } of [...matching].sort((a, b) => byName(a.cluster, b.cluster)))
      rows.push({ type: 'option', key: cluster.clusterId, cluster, group: null, position: position++ });
    return rows;
  }
  const groups = new Map<string | null, ClusterSnapshot[]>();
  for (const { cluster, group } of matching) {
    const list = groups.get(group) ?? [];
    list.push(cluster);
    groups.set(group, list);
  }
  const names = [...groups.keys()].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : naturalOrder.compare(a, b),
  );
  for (const name of names) {
    const members = (groups.get(name) ?? []).sort(byName);
    rows.push({
      type: 'group',
      key: `group:${name ?? ''}`,
      label: name ?? options.ungroupedLabel,
      size: members.length,
    });
    for (const cluster of members)
      rows.push({ type: 'option', key: cluster.clusterId, cluster, group: name, position: position++ });
  }
  return rows;
}

/**
 * The option a typed prefix points at: the next one after `from` whose name starts with it
 * (wrapping), so typing the same letter again cycles through clusters starting with it.
 */
export function typeaheadMatch(rows: readonly SwitcherRow[], prefix: string, from: number): number {
  const needle = prefix.toLowerCase();
  const repeated = needle.length > 1 && [...needle].every((char) => char === needle[0]);
  const target = repeated ? (needle[0] ?? '') : needle;
  const start = repeated || needle.length === 1 ? from + 1 : from;
  for (let step = 0; step < rows.length; step++) {
    const index = (((start + step) % rows.length) + rows.length) % rows.length;
    const row = rows[index];
    if (row?.type === 'option' && row.cluster.clusterName.toLowerCase().startsWith(target)) return index;
  }
  return -1;
}
