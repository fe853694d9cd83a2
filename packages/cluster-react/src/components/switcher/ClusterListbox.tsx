import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { typeaheadMatch, type SwitcherRow } from '../../core/switcher-rows';
import { ClusterStatusDot } from '../ClusterStatusDot';
import { useVirtualRows } from '../use-virtual-rows';
import { visuallyHidden } from '../visually-hidden';

export interface ClusterListboxProps {
  rows: readonly SwitcherRow[];
  selected: string | null;
  onSelect(clusterId: string): void;
  label: string;
  rowHeight: number;
  maxHeight: number;
  id?: string;
  /** Escape pressed (the switcher clears its search). */
  onEscape?(): void;
}

const TYPEAHEAD_RESET_MS = 500;
const PAGE = 10;

/**
 * A virtualized single-select listbox of clusters. Focus stays on the listbox and the active option
 * is named by `aria-activedescendant`; arrows, Page keys, Home/End and typed prefixes move it, and
 * only Enter, Space or a click select.
 */
export function ClusterListbox({
  rows,
  selected,
  onSelect,
  label,
  rowHeight,
  maxHeight,
  id,
  onEscape,
}: ClusterListboxProps) {
  const generatedId = useId();
  const baseId = id ?? generatedId;
  const scrollRef = useRef<HTMLDivElement>(null);
  const typeahead = useRef({ text: '', at: -Infinity });
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const options = rows.flatMap((row, index) => (row.type === 'option' ? [index] : []));
  const activeIndex =
    activeKey === null ? -1 : rows.findIndex((row) => row.type === 'option' && row.key === activeKey);
  const selectedIndex = rows.findIndex((row) => row.type === 'option' && row.key === selected);
  const height = Math.min(maxHeight, rows.length * rowHeight);
  const virtual = useVirtualRows({
    count: rows.length,
    rowHeight,
    viewportHeight: height,
    scrollRef,
    pinned: activeIndex,
  });

  const moveTo = (index: number | undefined) => {
    const row = index === undefined ? undefined : rows[index];
    if (index === undefined || row?.type !== 'option') return;
    setActiveKey(row.key);
    virtual.scrollToIndex(index, { align: 'auto' });
  };
  const step = (delta: number) => {
    const at = options.indexOf(activeIndex);
    const from = at < 0 ? (delta > 0 ? -1 : options.length) : at;
    moveTo(options[Math.max(0, Math.min(options.length - 1, from + delta))]);
  };

  const selectActive = () => {
    const row = rows[activeIndex];
    if (row?.type === 'option') onSelect(row.cluster.clusterId);
  };
  const keys: Readonly<Record<string, (() => void) | undefined>> = {
    ArrowDown: () => step(1),
    ArrowUp: () => step(-1),
    PageDown: () => step(PAGE),
    PageUp: () => step(-PAGE),
    Home: () => moveTo(options[0]),
    End: () => moveTo(options[options.length - 1]),
    Enter: selectActive,
    Escape: onEscape,
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const typing = event.timeStamp - typeahead.current.at <= TYPEAHEAD_RESET_MS;
    // Space selects, unless it is part of a name being typed ("prod eu").
    const action = event.key === ' ' && !typing ? selectActive : keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    } else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      const text = (typing ? typeahead.current.text : '') + event.key;
      typeahead.current = { text, at: event.timeStamp };
      const match = typeaheadMatch(rows, text, activeIndex);
      if (match >= 0) moveTo(match);
    }
  };

  const onFocus = () => {
    if (activeIndex < 0) moveTo(selectedIndex >= 0 ? selectedIndex : options[0]);
  };

  const optionId = (index: number) => `${baseId}-option-${index}`;
  return (
    <div
      ref={scrollRef}
      id={baseId}
      role="listbox"
      aria-label={label}
      aria-activedescendant={activeIndex >= 0 ? optionId(activeIndex) : undefined}
      tabIndex={0}
      className="flotilla-switcher__list"
      onKeyDown={onKeyDown}
      onFocus={onFocus}
      style={{ position: 'relative', height, maxHeight, overflowY: 'auto', outlineOffset: -2 }}
    >
      <div style={{ position: 'relative', height: virtual.getTotalSize() }}>
        {virtual.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          const style = {
            position: 'absolute',
            top: 0,
            left: 0,
            right: 0,
            height: rowHeight,
            transform: `translateY(${item.start}px)`,
            display: 'flex',
            alignItems: 'center',
            gap: '0.5em',
            boxSizing: 'border-box',
          } as const;
          if (row.type === 'group') {
            return (
              <div key={row.key} aria-hidden="true" className="flotilla-switcher__group" style={style}>
                {row.label} <span className="flotilla-switcher__group-size">{row.size}</span>
              </div>
            );
          }
          const isSelected = row.key === selected;
          return (
            <div
              key={row.key}
              id={optionId(item.index)}
              role="option"
              aria-selected={isSelected}
              aria-setsize={options.length}
              aria-posinset={row.position + 1}
              data-active={item.index === activeIndex || undefined}
              data-cluster-id={row.cluster.clusterId}
              className="flotilla-switcher__option"
              style={{ ...style, cursor: 'pointer' }}
              onClick={() => {
                setActiveKey(row.key);
                onSelect(row.cluster.clusterId);
              }}
            >
              <span
                className="flotilla-switcher__name"
                style={{ flex: 1, overflow: 'hidden', textOverflow: 'ellipsis' }}
              >
                {row.cluster.clusterName}
              </span>
              <ClusterStatusDot cluster={row.cluster} showLabel />
              {row.group !== null && <span style={visuallyHidden}>, group {row.group}</span>}
            </div>
          );
        })}
      </div>
    </div>
  );
}
