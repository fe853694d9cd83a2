import type { FleetStoreItem, KubeObjectLike } from '@flotilla/cluster-core';
import type { CSSProperties, ReactNode } from 'react';
import type { TableRow } from '../../core/table-rows';
import type { ColumnContext, FleetColumn } from './columns';

export interface TableRowViewProps<T extends KubeObjectLike> {
  row: TableRow<T>;
  id: string;
  rowIndex: number;
  columns: readonly FleetColumn<T>[];
  columnCount: number;
  context: ColumnContext;
  style: CSSProperties;
  active: boolean;
  selectable: boolean;
  selected: boolean;
  onToggle(item: FleetStoreItem<T>): void;
  onActivate(index: number): void;
  renderRowActions?: (item: FleetStoreItem<T>) => ReactNode;
}

function statusText(row: Extract<TableRow, { type: 'cluster-status' }>): string {
  const { status, count, error } = row.status;
  if (status === 'syncing') return 'loading…';
  const kept = count > 0 ? ` Showing ${count} last known row${count === 1 ? '' : 's'}.` : '';
  if (status === 'stale') return `stale: ${staleReason(error)}.${kept}`;
  return `failed: ${error?.message ?? 'no answer'}.${kept}`;
}

/** Why a cluster's rows are no longer live, in the words of the cluster's own error when there is one. */
function staleReason(error: Extract<TableRow, { type: 'cluster-status' }>['status']['error']): string {
  if (!error) return 'the watch dropped, reconnecting';
  if (error.kind === 'auth') return `credentials refused (${error.message})`;
  return `cluster unreachable, reconnecting (${error.message})`;
}

/** One row of the virtual table: a group header, a cluster's inline error/loading row, or an item. */
export function TableRowView<T extends KubeObjectLike>({
  row,
  id,
  rowIndex,
  columns,
  columnCount,
  context,
  style,
  active,
  selectable,
  selected,
  onToggle,
  onActivate,
  renderRowActions,
}: TableRowViewProps<T>) {
  const common = {
    id,
    role: 'row',
    'aria-rowindex': rowIndex,
    'data-active': active || undefined,
    onMouseDown: () => onActivate(rowIndex - 2),
  } as const;
  const spanning: CSSProperties = {
    gridColumn: '1 / -1',
    display: 'flex',
    alignItems: 'center',
    gap: '0.5em',
    whiteSpace: 'nowrap',
    minWidth: 0,
  };

  if (row.type === 'group') {
    return (
      <div {...common} className="flotilla-table__group" style={style}>
        <div role="gridcell" aria-colspan={columnCount} style={spanning}>
          {row.clusterId !== null && <Swatch colour={context.colourOf(row.clusterId)} />}
          <strong>{row.label}</strong>
          <span className="flotilla-table__count">
            {row.count} row{row.count === 1 ? '' : 's'}
          </span>
        </div>
      </div>
    );
  }
  if (row.type === 'cluster-status') {
    return (
      <div {...common} className="flotilla-table__status-row" data-status={row.status.status} style={style}>
        <div role="gridcell" aria-colspan={columnCount} style={spanning}>
          <Swatch colour={context.colourOf(row.status.clusterId)} />
          <strong>{row.status.clusterName}</strong>
          {/* Rows have a fixed height: a long error is cut here and readable in full as a tooltip. */}
          <span title={statusText(row)} style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>
            {statusText(row)}
          </span>
        </div>
      </div>
    );
  }

  const { item } = row;
  const name = item.object.metadata.name;
  return (
    <div
      {...common}
      aria-selected={selectable ? selected : undefined}
      className="flotilla-table__row"
      data-cluster-id={item.clusterId}
      style={style}
    >
      {selectable && (
        <div role="gridcell">
          <input
            type="checkbox"
            tabIndex={-1}
            checked={selected}
            aria-label={`Select ${name} in ${item.clusterName}`}
            onChange={() => onToggle(item)}
          />
        </div>
      )}
      {columns.map((column) => (
        <div
          key={column.id}
          role="gridcell"
          className="flotilla-table__cell"
          style={{
            overflow: 'hidden',
            textOverflow: 'ellipsis',
            whiteSpace: 'nowrap',
            textAlign: column.align === 'end' ? 'end' : 'start',
          }}
        >
          {column.cell ? column.cell(item, context) : column.value(item, context)}
        </div>
      ))}
      {renderRowActions && (
        <div role="gridcell" className="flotilla-table__actions">
          {renderRowActions(item)}
        </div>
      )}
    </div>
  );
}

function Swatch({ colour }: { colour: string }) {
  return (
    <span
      aria-hidden="true"
      className="flotilla-table__swatch"
      style={{ width: '0.6em', height: '0.6em', borderRadius: 2, background: colour, flex: 'none' }}
    />
  );
}
