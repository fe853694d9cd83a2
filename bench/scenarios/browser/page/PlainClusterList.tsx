import type { ClusterSnapshot } from '@flotilla/cluster-core';
import { ClusterStatusDot, useClusters } from '@flotilla/cluster-react';
import { useMemo, useState } from 'react';

/** The switcher's search semantics: a case-insensitive substring of the name, id or group. */
export function matchesSearch(cluster: ClusterSnapshot, group: string | undefined, search: string): boolean {
  const needle = search.trim().toLowerCase();
  return (
    !needle ||
    cluster.clusterName.toLowerCase().includes(needle) ||
    cluster.clusterId.toLowerCase().includes(needle) ||
    (group?.toLowerCase().includes(needle) ?? false)
  );
}

/**
 * The peer: a search field over a plain list holding every matching cluster in the DOM, sorted by
 * name, each with the same status dot and word as the switcher's options.
 */
export function PlainClusterList({ groups }: { groups: Readonly<Record<string, string>> }) {
  const clusters = useClusters();
  const [search, setSearch] = useState('');
  const sorted = useMemo(
    () =>
      [...clusters].sort((a, b) => a.clusterName.localeCompare(b.clusterName, undefined, { numeric: true })),
    [clusters],
  );
  const shown = sorted.filter((cluster) => matchesSearch(cluster, groups[cluster.clusterId], search));
  return (
    <div className="plain-list">
      <input
        type="search"
        placeholder="Search clusters"
        aria-label="Search clusters"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      <ul aria-label="Clusters" data-matches={shown.length}>
        {shown.map((cluster) => (
          <li key={cluster.clusterId} data-cluster-id={cluster.clusterId}>
            <span>{cluster.clusterName}</span> <ClusterStatusDot cluster={cluster} showLabel />
          </li>
        ))}
      </ul>
    </div>
  );
}
