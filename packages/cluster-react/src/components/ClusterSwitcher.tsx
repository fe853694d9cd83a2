import type { ClusterSnapshot } from '@flotilla/cluster-core';
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { switcherRows } from '../core/switcher-rows';
import { useClusters } from '../hooks/use-clusters';
import { useClusterPreferenceMap } from '../hooks/use-cluster-preference';
import { ClusterListbox } from './switcher/ClusterListbox';
import { ClusterTabs } from './switcher/ClusterTabs';
import { useClusterSelection, type ClusterSelectionProps } from './use-cluster-selection';

export type ClusterGroups =
  Readonly<Record<string, string>> | ((cluster: ClusterSnapshot) => string | null | undefined);

export interface ClusterSwitcherProps extends ClusterSelectionProps {
  /** `listbox` (default): searchable, grouped, virtualized. `tabs`: a tab strip for a few clusters. */
  variant?: 'listbox' | 'tabs';
  /** Accessible name of the list. */
  label?: string;
  /** Show the search field (listbox only); default true. */
  searchable?: boolean;
  /**
   * Group of each cluster (clusterId → name, or a function). Without it, groups come from each
   * cluster's `cluster:groups` preference (its first group); `false` turns grouping off.
   */
  groups?: ClusterGroups | false;
  /** Header of clusters without a group; default `Other`. */
  ungroupedLabel?: string;
  /** Row height in px for the virtual list; default 36. */
  rowHeight?: number;
  /** Height in px the list grows to before it scrolls; default 320. */
  maxHeight?: number;
  /** Id of the panel the tabs variant controls. */
  panelId?: string;
  className?: string;
}

const NO_GROUPS: readonly string[] = [];

function useGroupOf(clusters: readonly ClusterSnapshot[], groups: ClusterGroups | false | undefined) {
  const fromPreferences = groups === undefined;
  const ids = useMemo(
    () => (fromPreferences ? clusters.map((c) => c.clusterId) : []),
    [clusters, fromPreferences],
  );
  const preferred = useClusterPreferenceMap(ids, 'cluster:groups', NO_GROUPS);
  return useMemo(() => {
    if (groups === false) return null;
    if (typeof groups === 'function') return groups;
    if (groups) return (cluster: ClusterSnapshot) => groups[cluster.clusterId];
    return (cluster: ClusterSnapshot) => preferred[cluster.clusterId]?.[0];
  }, [groups, preferred]);
}

/**
 * Picks the cluster a console works on. Every entry shows its status (health × auth × connection,
 * in words for screen readers); the list is searchable, grouped and virtualized, so 500 clusters
 * stay responsive. It never selects anything by itself: with several clusters nothing is selected
 * until the user chooses (BRIEF I7). Controlled (`value`), uncontrolled (`defaultValue`), or —
 * with neither — bound to the fleet's active cluster.
 */
export function ClusterSwitcher({
  variant = 'listbox',
  label = 'Clusters',
  searchable = true,
  groups,
  ungroupedLabel = 'Other',
  rowHeight = 36,
  maxHeight = 320,
  panelId,
  className,
  ...selection
}: ClusterSwitcherProps) {
  const clusters = useClusters();
  const [selected, select] = useClusterSelection(selection);
  const [search, setSearch] = useState('');
  const groupOf = useGroupOf(clusters, groups);
  const listId = useId();
  const searchRef = useRef<HTMLInputElement>(null);
  // Filtered in the keystroke's own render, not deferred: filtering 500 clusters takes well under a
  // millisecond and the list renders only its visible rows, so deferring would only add a frame.
  const rows = useMemo(
    () => switcherRows(clusters, { search, groupOf, ungroupedLabel }),
    [clusters, search, groupOf, ungroupedLabel],
  );
  const classes = ['flotilla-switcher', className].filter(Boolean).join(' ');

  if (variant === 'tabs') {
    const sorted = rows.flatMap((row) => (row.type === 'option' ? [row.cluster] : []));
    return (
      <div className={classes} data-variant="tabs">
        <ClusterTabs
          clusters={sorted}
          selected={selected}
          onSelect={select}
          label={label}
          panelId={panelId}
        />
      </div>
    );
  }

  const onSearchKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      document.getElementById(listId)?.focus();
    } else if (event.key === 'Enter') {
      // Typing a name and pressing Enter is an explicit choice of the first match.
      const first = rows.find((row) => row.type === 'option');
      if (first?.type === 'option' && search.trim()) select(first.cluster.clusterId);
    } else if (event.key === 'Escape' && search) {
      event.preventDefault();
      setSearch('');
    }
  };
  const matches = rows.filter((row) => row.type === 'option').length;

  return (
    <div
      className={classes}
      data-variant="listbox"
      style={{ display: 'flex', flexDirection: 'column', gap: '0.5em' }}
    >
      {searchable && (
        <input
          ref={searchRef}
          type="search"
          className="flotilla-input flotilla-switcher__search"
          placeholder="Search clusters"
          aria-label={`Search ${label.toLowerCase()}`}
          aria-controls={listId}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          onKeyDown={onSearchKeyDown}
        />
      )}
      <ClusterListbox
        id={listId}
        rows={rows}
        selected={selected}
        onSelect={select}
        label={label}
        rowHeight={rowHeight}
        maxHeight={maxHeight}
        onEscape={
          search
            ? () => {
                setSearch('');
                searchRef.current?.focus();
              }
            : undefined
        }
      />
      {matches === 0 && (
        <div role="status" className="flotilla-switcher__empty">
          {clusters.length === 0 ? 'No clusters' : `No clusters match “${search}”`}
        </div>
      )}
    </div>
  );
}
