import type { ClusterSnapshot } from '@flotilla/cluster-core';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { summarizeClusterStatus, TONE_SEVERITY } from '../core/cluster-status';
import { formatLatency } from '../core/format';
import { useClusters } from '../hooks/use-clusters';
import { ToneDot } from './ClusterStatusDot';
import { useClusterSelection, type ClusterSelectionProps } from './use-cluster-selection';

export interface FleetHealthGridProps extends ClusterSelectionProps {
  /** Accessible name; default `Cluster health`. */
  label?: string;
  /** `fleet` keeps the fleet's order; `severity` puts failing clusters first. Default `fleet`. */
  order?: 'fleet' | 'severity';
  /** Cells per row for Up/Down; measured from the layout when absent. */
  columns?: number;
  /** Minimum cell width in px for the default layout; default 150. */
  cellWidth?: number;
  className?: string;
}

/** How many cells share the first row, read from the layout; 1 where nothing lays out. */
function measuredColumns(cells: HTMLElement[]): number {
  const rects = cells.map((cell) => cell.getBoundingClientRect());
  if (rects.every((rect) => rect.width === 0 && rect.height === 0)) return 1;
  const top = rects[0]?.top;
  return Math.max(1, rects.filter((rect) => rect.top === top).length);
}

/**
 * Every cluster at a glance: one cell each with its status, latency and nodes. Cells are options
 * of a listbox laid out as a grid; each is focusable (arrows, Home/End move focus) and selectable
 * with Enter, Space or a click. Selection works like the switcher's (controlled, uncontrolled, or
 * the fleet's active cluster) and never happens by itself.
 */
export function FleetHealthGrid({
  label = 'Cluster health',
  order = 'fleet',
  columns,
  cellWidth = 150,
  className,
  ...selection
}: FleetHealthGridProps) {
  const clusters = useClusters();
  const [selected, select] = useClusterSelection(selection);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const cells = useRef(new Map<string, HTMLDivElement>());
  const ordered = useMemo(() => {
    if (order === 'fleet') return clusters;
    const weight = (c: ClusterSnapshot) => TONE_SEVERITY[summarizeClusterStatus(c).tone];
    return [...clusters].sort((a, b) => weight(a) - weight(b));
  }, [clusters, order]);
  const ids = ordered.map((cluster) => cluster.clusterId);
  const tabStop = [focusKey, selected].find((id) => id !== null && ids.includes(id)) ?? ids[0];

  const focus = (index: number) => {
    const id = ids[Math.max(0, Math.min(ids.length - 1, index))];
    if (id === undefined) return;
    setFocusKey(id);
    cells.current.get(id)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = ids.indexOf(tabStop ?? '');
    const perRow = () =>
      columns ?? measuredColumns(ids.map((id) => cells.current.get(id)).filter((c) => c !== undefined));
    const moves: Readonly<Record<string, (() => void) | undefined>> = {
      ArrowRight: () => focus(at + 1),
      ArrowLeft: () => focus(at - 1),
      ArrowDown: () => focus(at + perRow()),
      ArrowUp: () => focus(at - perRow()),
      Home: () => focus(0),
      End: () => focus(ids.length - 1),
      Enter: () => tabStop !== undefined && select(tabStop),
      ' ': () => tabStop !== undefined && select(tabStop),
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      move();
    }
  };

  if (clusters.length === 0) {
    return (
      <div className={['flotilla-grid', className].filter(Boolean).join(' ')} role="status">
        No clusters
      </div>
    );
  }
  return (
    <div
      role="listbox"
      aria-label={label}
      aria-orientation="horizontal"
      className={['flotilla-grid', className].filter(Boolean).join(' ')}
      onKeyDown={onKeyDown}
      style={{
        display: 'grid',
        gap: '0.5em',
        gridTemplateColumns: columns
          ? `repeat(${columns}, 1fr)`
          : `repeat(auto-fill, minmax(${cellWidth}px, 1fr))`,
      }}
    >
      {ordered.map((cluster) => {
        const status = summarizeClusterStatus(cluster);
        const nodes = cluster.metadata.nodes;
        return (
          <div
            key={cluster.clusterId}
            ref={(element) => {
              if (element) cells.current.set(cluster.clusterId, element);
              else cells.current.delete(cluster.clusterId);
            }}
            role="option"
            aria-selected={cluster.clusterId === selected}
            tabIndex={cluster.clusterId === tabStop ? 0 : -1}
            data-cluster-id={cluster.clusterId}
            data-tone={status.tone}
            title={`${cluster.clusterName}: ${status.description}`}
            className="flotilla-grid__cell"
            onFocus={() => setFocusKey(cluster.clusterId)}
            onClick={() => select(cluster.clusterId)}
            style={{ cursor: 'pointer', display: 'flex', flexDirection: 'column', gap: '0.2em', minWidth: 0 }}
          >
            <span
              className="flotilla-grid__name"
              style={{ display: 'flex', alignItems: 'center', gap: '0.4em', fontWeight: 600 }}
            >
              <ToneDot tone={status.tone} />
              <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                {cluster.clusterName}
              </span>
            </span>
            <span className="flotilla-grid__status">{status.label}</span>
            <span className="flotilla-grid__detail">
              {formatLatency(cluster.latency.p50Ms)}
              {nodes ? ` · ${nodes.ready}/${nodes.total} nodes` : ''}
            </span>
          </div>
        );
      })}
    </div>
  );
}
