import type { TableGroupBy } from '../../core/table-rows';

export interface TableToolbarProps {
  kind: string;
  filter: string;
  onFilterChange(value: string): void;
  groupBy: TableGroupBy;
  onGroupByChange(value: TableGroupBy): void;
  showFilter: boolean;
  showGroupBy: boolean;
  shown: number;
  total: number;
}

/** One formatter for every render: `Number#toLocaleString` sets up a new one per call. */
const count = new Intl.NumberFormat();

/** Filter field, grouping choice and a row count. */
export function TableToolbar({
  kind,
  filter,
  onFilterChange,
  groupBy,
  onGroupByChange,
  showFilter,
  showGroupBy,
  shown,
  total,
}: TableToolbarProps) {
  return (
    <div
      className="flotilla-table__toolbar"
      style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '0.5em' }}
    >
      {showFilter && (
        <input
          type="search"
          className="flotilla-input"
          placeholder={`Filter ${kind}`}
          aria-label={`Filter ${kind}`}
          value={filter}
          onChange={(event) => onFilterChange(event.target.value)}
        />
      )}
      {showGroupBy && (
        <label
          className="flotilla-table__group-by"
          style={{ display: 'inline-flex', alignItems: 'center', gap: '0.3em' }}
        >
          Group by
          <select
            className="flotilla-input"
            value={groupBy}
            onChange={(event) => onGroupByChange(event.target.value as TableGroupBy)}
          >
            <option value="none">Nothing</option>
            <option value="cluster">Cluster</option>
            <option value="namespace">Namespace</option>
          </select>
        </label>
      )}
      <span className="flotilla-table__total" aria-live="polite">
        {shown === total
          ? `${count.format(total)} rows`
          : `${count.format(shown)} of ${count.format(total)} rows`}
      </span>
    </div>
  );
}
