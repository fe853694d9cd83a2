import type { FleetStoreItem, KubeObjectLike, ResourceQuery } from '@flotilla/cluster-core';
import {
  useDeferredValue,
  useId,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { clusterColour } from '../core/cluster-colour';
import { fleetRowKey, tableRowsReusing, type TableGroupBy, type TableSort } from '../core/table-rows';
import { useClusterPreferenceMap } from '../hooks/use-cluster-preference';
import { useFleetResources } from '../hooks/use-fleet-resources';
import { useFlotillaRuntime } from '../provider/FlotillaProvider';
import { defaultColumns, type ColumnContext, type FleetColumn } from './table/columns';
import { TableRowView } from './table/TableRowView';
import { PartialMarker } from './PartialMarker';
import { TableToolbar } from './table/TableToolbar';
import { useControllableState } from './use-controllable-state';
import { useVirtualRows } from './use-virtual-rows';
import { visuallyHidden } from './visually-hidden';

export interface FleetResourceTableProps<T extends KubeObjectLike = KubeObjectLike> {
  /** What to show; null shows an empty, idle table. */
  query: ResourceQuery | null;
  /** Columns; kubectl-like defaults for pods, deployments, nodes and events. */
  columns?: readonly FleetColumn<T>[];
  /** Accessible name; default `<kind> across clusters`. */
  label?: string;
  sort?: TableSort | null;
  defaultSort?: TableSort | null;
  onSortChange?: (sort: TableSort | null) => void;
  filter?: string;
  defaultFilter?: string;
  onFilterChange?: (filter: string) => void;
  groupBy?: TableGroupBy;
  defaultGroupBy?: TableGroupBy;
  onGroupByChange?: (groupBy: TableGroupBy) => void;
  /** Show the filter field / grouping choice (default true). */
  showFilter?: boolean;
  showGroupBy?: boolean;
  /** Adds a checkbox column; selection keys come from `fleetRowKey(item)` (cluster, namespace, name). */
  selectable?: boolean;
  selected?: readonly string[];
  defaultSelected?: readonly string[];
  onSelectionChange?: (keys: readonly string[]) => void;
  /** Per-row actions (a menu, buttons); each call gets that row's item, which names its cluster. */
  renderRowActions?: (item: FleetStoreItem<T>) => ReactNode;
  /**
   * Width of the actions column, any CSS length (default `10rem`). It is fixed rather than sized by
   * content because every row is its own grid: rows with wider actions would otherwise shift their
   * cells out of line with the header.
   */
  rowActionsWidth?: string;
  /** Enter or double click on a row. */
  onRowActivate?: (item: FleetStoreItem<T>) => void;
  rowHeight?: number;
  /** Height of the scrolling body in px; default 480. */
  height?: number;
  className?: string;
}

const NO_KEYS: readonly string[] = [];
const DEFAULT_ROW_ACTIONS_WIDTH = '10rem';
const NO_COLOUR = null as string | null;

/**
 * One kind across clusters in a virtualized grid that stays smooth at 100 000 rows: cluster column
 * in each cluster's colour, sorting, text filtering, grouping by cluster or namespace, row selection
 * and a row-actions slot. A cluster that failed shows its error inline where its rows would be, and
 * a visible marker says the results are partial.
 */
export function FleetResourceTable<T extends KubeObjectLike = KubeObjectLike>({
  query,
  columns: columnsProp,
  label,
  showFilter = true,
  showGroupBy = true,
  selectable = false,
  renderRowActions,
  rowActionsWidth = DEFAULT_ROW_ACTIONS_WIDTH,
  onRowActivate,
  rowHeight = 36,
  height = 480,
  className,
  ...state
}: FleetResourceTableProps<T>) {
  const { clock } = useFlotillaRuntime();
  const resources = useFleetResources<T>(query);
  const kind = query?.kind ?? 'resources';
  const columns = useMemo(
    () => columnsProp ?? (defaultColumns(kind) as readonly FleetColumn<T>[]),
    [columnsProp, kind],
  );
  const [sort, setSort] = useControllableState(state.sort, state.defaultSort ?? null, state.onSortChange);
  const [filter, setFilter] = useControllableState(
    state.filter,
    state.defaultFilter ?? '',
    state.onFilterChange,
  );
  const [groupBy, setGroupBy] = useControllableState(
    state.groupBy,
    state.defaultGroupBy ?? 'none',
    state.onGroupByChange,
  );
  const [selected, setSelected] = useControllableState(
    state.selected,
    state.defaultSelected ?? NO_KEYS,
    state.onSelectionChange,
  );
  const deferredFilter = useDeferredValue(filter);

  const clusterIds = useMemo(() => resources.clusters.map((entry) => entry.clusterId), [resources.clusters]);
  const colours = useClusterPreferenceMap(clusterIds, 'cluster:colour', NO_COLOUR);
  // Ages are read when the data changes, not on every render: rows keep their identity in between.
  const now = useMemo(() => clock.now(), [clock, resources.items]); // eslint-disable-line react-hooks/exhaustive-deps
  const context = useMemo<ColumnContext>(
    () => ({ now, colourOf: (clusterId) => clusterColour(clusterId, colours[clusterId]) }),
    [now, colours],
  );
  const rowColumns = useMemo(
    () =>
      columns.map((column) => ({
        id: column.id,
        value: (item: FleetStoreItem<T>) => column.value(item, context),
      })),
    [columns, context],
  );
  const [computeRows] = useState(() => tableRowsReusing<T>());
  const rows = useMemo(
    () =>
      computeRows({
        items: resources.items,
        clusters: resources.clusters,
        columns: rowColumns,
        cacheKey: columns,
        filter: deferredFilter,
        sort,
        groupBy,
      }),
    [computeRows, resources.items, resources.clusters, rowColumns, columns, deferredFilter, sort, groupBy],
  );
  const selectedSet = useMemo(() => new Set(selected), [selected]);
  const shown = useMemo(() => {
    let count = 0;
    for (const row of rows) if (row.type === 'item') count++;
    return count;
  }, [rows]);

  const baseId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const activeIndex = activeKey === null ? -1 : rows.findIndex((row) => row.key === activeKey);
  const virtual = useVirtualRows({
    count: rows.length,
    rowHeight,
    viewportHeight: height,
    scrollRef,
    pinned: activeIndex,
  });
  const rowId = (index: number) => `${baseId}-row-${index}`;

  const extraColumns = (selectable ? 1 : 0) + (renderRowActions ? 1 : 0);
  const columnCount = columns.length + extraColumns;
  const template = [
    ...(selectable ? ['2.25rem'] : []),
    ...columns.map((column) => column.width ?? '1fr'),
    ...(renderRowActions ? [rowActionsWidth] : []),
  ].join(' ');
  const rowStyle = {
    display: 'grid',
    gridTemplateColumns: template,
    alignItems: 'center',
    columnGap: '0.75em',
  } as const;

  const moveTo = (index: number) => {
    const clamped = Math.max(0, Math.min(rows.length - 1, index));
    const row = rows[clamped];
    if (!row) return;
    setActiveKey(row.key);
    virtual.scrollToIndex(clamped, { align: 'auto' });
  };
  const toggle = (item: FleetStoreItem<T>) => {
    const key = fleetRowKey(item);
    setSelected(selectedSet.has(key) ? selected.filter((k) => k !== key) : [...selected, key]);
  };
  const page = Math.max(1, Math.floor(height / rowHeight) - 1);
  const keys: Readonly<Record<string, (() => void) | undefined>> = {
    ArrowDown: () => moveTo(activeIndex + 1),
    ArrowUp: () => moveTo(activeIndex < 0 ? 0 : activeIndex - 1),
    PageDown: () => moveTo(activeIndex + page),
    PageUp: () => moveTo(activeIndex - page),
    Home: () => moveTo(0),
    End: () => moveTo(rows.length - 1),
    ' ': () => {
      const row = rows[activeIndex];
      if (selectable && row?.type === 'item') toggle(row.item);
    },
    Enter: () => {
      const row = rows[activeIndex];
      if (row?.type === 'item') onRowActivate?.(row.item);
    },
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };

  const sortBy = (column: FleetColumn<T>) => {
    if (column.sortable === false) return;
    const next: TableSort | null =
      sort?.columnId !== column.id
        ? { columnId: column.id, direction: 'asc' }
        : sort.direction === 'asc'
          ? { columnId: column.id, direction: 'desc' }
          : null;
    setSort(next);
  };
  const visibleItemKeys = () => rows.flatMap((row) => (row.type === 'item' ? [row.key] : []));
  // Only a selectable table reads every row's key; the others skip the pass over 100 000 rows.
  const allVisibleSelected = useMemo(
    () => selectable && shown > 0 && rows.every((row) => row.type !== 'item' || selectedSet.has(row.key)),
    [selectable, shown, rows, selectedSet],
  );
  const partialId = `${baseId}-partial`;
  const emptyMessage = !resources.enabled
    ? 'Nothing to show yet.'
    : !resources.loaded
      ? 'Loading…'
      : deferredFilter
        ? `No ${kind} match “${deferredFilter}”.`
        : `No ${kind} in any cluster.`;

  return (
    <div
      className={['flotilla-table', className].filter(Boolean).join(' ')}
      data-partial={resources.partial || undefined}
    >
      <TableToolbar
        kind={kind}
        filter={filter}
        onFilterChange={setFilter}
        groupBy={groupBy}
        onGroupByChange={setGroupBy}
        showFilter={showFilter}
        showGroupBy={showGroupBy}
        shown={shown}
        total={resources.items.length}
      />
      {resources.partial && <PartialMarker id={partialId} clusters={resources.clusters} />}
      <div
        role="grid"
        aria-label={label ?? `${kind} across clusters`}
        aria-rowcount={rows.length + 1}
        aria-colcount={columnCount}
        aria-multiselectable={selectable || undefined}
        aria-describedby={resources.partial ? partialId : undefined}
        aria-busy={resources.enabled && !resources.loaded}
        aria-activedescendant={activeIndex >= 0 ? rowId(activeIndex) : undefined}
        tabIndex={0}
        className="flotilla-table__grid"
        onKeyDown={onKeyDown}
        onFocus={(event) =>
          event.target === event.currentTarget && activeIndex < 0 && rows.length > 0 && moveTo(0)
        }
        onDoubleClick={() => {
          const row = rows[activeIndex];
          if (row?.type === 'item') onRowActivate?.(row.item);
        }}
        style={{ overflowX: 'auto' }}
      >
        {/* The same gutter as the scrolling body, so a scrollbar there does not narrow the rows alone. */}
        <div
          role="rowgroup"
          className="flotilla-table__head"
          style={{ overflowY: 'hidden', scrollbarGutter: 'stable' }}
        >
          <div role="row" aria-rowindex={1} className="flotilla-table__header" style={rowStyle}>
            {selectable && (
              <div role="columnheader">
                <input
                  type="checkbox"
                  aria-label="Select all shown rows"
                  checked={allVisibleSelected}
                  onChange={() =>
                    setSelected(
                      allVisibleSelected ? NO_KEYS : [...new Set([...selected, ...visibleItemKeys()])],
                    )
                  }
                />
              </div>
            )}
            {columns.map((column) => (
              <div
                key={column.id}
                role="columnheader"
                aria-sort={
                  sort?.columnId === column.id
                    ? sort.direction === 'asc'
                      ? 'ascending'
                      : 'descending'
                    : undefined
                }
                style={{ textAlign: column.align === 'end' ? 'end' : 'start' }}
              >
                {column.sortable === false ? (
                  column.header
                ) : (
                  <button type="button" className="flotilla-table__sort" onClick={() => sortBy(column)}>
                    {column.header}
                    <span aria-hidden="true">
                      {sort?.columnId === column.id ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
                    </span>
                  </button>
                )}
              </div>
            ))}
            {renderRowActions && (
              <div role="columnheader">
                <span style={visuallyHidden}>Actions</span>
              </div>
            )}
          </div>
        </div>
        <div
          ref={scrollRef}
          role="rowgroup"
          className="flotilla-table__body"
          style={{ height, overflowY: 'auto', scrollbarGutter: 'stable', position: 'relative' }}
        >
          {rows.length === 0 ? (
            <div role="row" aria-rowindex={2} className="flotilla-table__empty">
              <div role="gridcell" aria-colspan={columnCount}>
                {emptyMessage}
              </div>
            </div>
          ) : (
            <div style={{ position: 'relative', height: virtual.getTotalSize() }}>
              {virtual.getVirtualItems().map((virtualRow) => {
                const row = rows[virtualRow.index];
                if (!row) return null;
                return (
                  <TableRowView
                    key={row.key}
                    row={row}
                    id={rowId(virtualRow.index)}
                    rowIndex={virtualRow.index + 2}
                    columns={columns}
                    columnCount={columnCount}
                    context={context}
                    active={virtualRow.index === activeIndex}
                    selectable={selectable}
                    selected={row.type === 'item' && selectedSet.has(row.key)}
                    onToggle={toggle}
                    onActivate={moveTo}
                    renderRowActions={renderRowActions}
                    style={{
                      ...rowStyle,
                      position: 'absolute',
                      top: 0,
                      left: 0,
                      right: 0,
                      height: rowHeight,
                      boxSizing: 'border-box',
                      transform: `translateY(${virtualRow.start}px)`,
                    }}
                  />
                );
              })}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
