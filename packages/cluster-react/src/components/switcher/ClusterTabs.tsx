import type { ClusterSnapshot } from '@flotilla/cluster-core';
import { useRef, useState, type KeyboardEvent } from 'react';
import { ClusterStatusDot } from '../ClusterStatusDot';

export interface ClusterTabsProps {
  clusters: readonly ClusterSnapshot[];
  selected: string | null;
  onSelect(clusterId: string): void;
  label: string;
  /** Id of the panel the tabs control, when the console renders one. */
  panelId?: string;
}

/**
 * Clusters as tabs for small fleets. Arrows, Home and End move focus between tabs; activation is
 * manual (Enter, Space, click), because choosing a cluster switches the whole console.
 */
export function ClusterTabs({ clusters, selected, onSelect, label, panelId }: ClusterTabsProps) {
  const tabs = useRef(new Map<string, HTMLButtonElement>());
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const ids = clusters.map((cluster) => cluster.clusterId);
  const tabStop = [focusKey, selected].find((id) => id !== null && ids.includes(id)) ?? ids[0];

  const focus = (index: number) => {
    const id = ids[(index + ids.length) % ids.length];
    if (id === undefined) return;
    setFocusKey(id);
    tabs.current.get(id)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = ids.indexOf(tabStop ?? '');
    const moves: Record<string, () => void> = {
      ArrowRight: () => focus(at + 1),
      ArrowLeft: () => focus(at - 1),
      Home: () => focus(0),
      End: () => focus(ids.length - 1),
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      move();
    }
  };

  return (
    <div
      role="tablist"
      aria-label={label}
      className="flotilla-switcher__tabs"
      onKeyDown={onKeyDown}
      style={{ display: 'flex', flexWrap: 'wrap', gap: '0.25em' }}
    >
      {clusters.map((cluster) => (
        <button
          key={cluster.clusterId}
          ref={(element) => {
            if (element) tabs.current.set(cluster.clusterId, element);
            else tabs.current.delete(cluster.clusterId);
          }}
          type="button"
          role="tab"
          aria-selected={cluster.clusterId === selected}
          aria-controls={panelId}
          tabIndex={cluster.clusterId === tabStop ? 0 : -1}
          data-cluster-id={cluster.clusterId}
          className="flotilla-switcher__tab"
          onFocus={() => setFocusKey(cluster.clusterId)}
          onClick={() => onSelect(cluster.clusterId)}
          style={{ display: 'inline-flex', alignItems: 'center', gap: '0.4em' }}
        >
          <span>{cluster.clusterName}</span>
          <ClusterStatusDot cluster={cluster} />
        </button>
      ))}
    </div>
  );
}
