import type { ClusterQueryStatus, FleetStoreItem, KubeObjectLike } from '@flotilla/cluster-core';

export type TableGroupBy = 'none' | 'cluster' | 'namespace';

export interface TableSort {
  columnId: string;
  direction: 'asc' | 'desc';
}

/** What the rows model needs of a column: its value, for filtering and sorting. */
export interface RowColumn<T extends KubeObjectLike> {
  id: string;
  value(item: FleetStoreItem<T>): string | number | null;
}

export type TableRow<T extends KubeObjectLike = KubeObjectLike> =
  | {
      readonly type: 'group';
      readonly key: string;
      readonly label: string;
      readonly count: number;
      readonly clusterId: string | null;
    }
  /** A cluster that is not `ok` for this view: its error (or loading, or stale) shown inline. */
  | { readonly type: 'cluster-status'; readonly key: string; readonly status: ClusterQueryStatus }
  | { readonly type: 'item'; readonly key: string; readonly item: FleetStoreItem<T> };

export interface TableRowsInput<T extends KubeObjectLike> {
  items: readonly FleetStoreItem<T>[];
  clusters: readonly ClusterQueryStatus[];
  columns: readonly RowColumn<T>[];
  /**
   * What the searchable text of an item is cached under (the caller's column definitions): it is
   * computed once per item and column set, not again on every data change.
   */
  cacheKey?: object;
  filter: string;
  sort: TableSort | null;
  groupBy: TableGroupBy;
}

/** A row's identity: the cluster is part of it, so same-named objects of two clusters never mix. */
export function fleetRowKey(item: FleetStoreItem): string {
  return `${item.clusterId}\u0000${item.object.metadata.namespace ?? ''}\u0000${item.object.metadata.name}`;
}

/**
 * An item's row. Its key is built on first read: a table of 100 000 rows reads the keys of the few
 * rows it renders, so building all of them up front would be most of the cost of a new result.
 */
class ItemRow<T extends KubeObjectLike> {
  readonly type = 'item';
  private cachedKey: string | undefined;

  constructor(readonly item: FleetStoreItem<T>) {}

  get key(): string {
    return (this.cachedKey ??= fleetRowKey(this.item));
  }
}

const searchTexts = new WeakMap<object, WeakMap<FleetStoreItem, string>>();

/** Items are immutable, so each one's searchable text is computed once per column set. */
function searchText<T extends KubeObjectLike>(
  item: FleetStoreItem<T>,
  columns: readonly RowColumn<T>[],
  cacheKey: object,
): string {
  let byItem = searchTexts.get(cacheKey);
  if (!byItem) searchTexts.set(cacheKey, (byItem = new WeakMap()));
  let text = byItem.get(item);
  if (text === undefined) {
    text = columns
      .map((column) => String(column.value(item) ?? ''))
      .join('\u0000')
      .toLowerCase();
    byItem.set(item, text);
  }
  return text;
}

/** `node-2` before `node-10`: digit runs are padded so plain string order is natural order. */
const naturalKey = (value: string): string =>
  value.toLowerCase().replace(/\d+/g, (digits) => digits.padStart(16, '0'));

function sortItems<T extends KubeObjectLike>(
  items: readonly FleetStoreItem<T>[],
  column: RowColumn<T> | undefined,
  direction: 'asc' | 'desc',
): readonly FleetStoreItem<T>[] {
  if (!column) return items;
  // Values are read once per item, not once per comparison: sorting 100 000 rows stays cheap.
  const keys = items.map((item) => column.value(item) ?? '');
  const numeric = keys.every((key) => typeof key === 'number');
  const sign = direction === 'desc' ? -1 : 1;
  const order = items.map((_, i) => i);
  const compare = numeric
    ? (a: number, b: number) => (keys[a] as number) - (keys[b] as number)
    : (() => {
        const text = keys.map((key) => naturalKey(String(key)));
        return (a: number, b: number) =>
          (text[a] as string) < (text[b] as string) ? -1 : (text[a] as string) > (text[b] as string) ? 1 : 0;
      })();
  // Ties keep the view's own order (cluster, namespace, name).
  order.sort((a, b) => sign * compare(a, b) || a - b);
  return order.map((i) => items[i] as FleetStoreItem<T>);
}

const statusRow = (status: ClusterQueryStatus): TableRow<never> => ({
  type: 'cluster-status',
  key: `status:${status.clusterId}`,
  status,
});

/** What one computation leaves for the next: the items in display order and the row of each. */
interface RowsMemo<T extends KubeObjectLike> {
  readonly ordered: readonly FleetStoreItem<T>[];
  readonly itemRows: TableRow<T>[];
  readonly rows: TableRow<T>[];
}

/**
 * The table's rows: items filtered (case-insensitive, any column) and sorted, grouped by cluster or
 * namespace, with one inline row per cluster that is not `ok`, so a failed cluster shows its error
 * where its rows would be, never as an empty list.
 */
export function tableRows<T extends KubeObjectLike>(input: TableRowsInput<T>): TableRow<T>[] {
  return computeRows(input, null).rows;
}

/**
 * `tableRows` for one table, remembering its last result: when the same item is again at the same
 * place in display order, its row object is reused, so a change to a few of 100 000 items costs a
 * pointer comparison per row rather than a new row (and key) for each.
 */
export function tableRowsReusing<T extends KubeObjectLike>(): (input: TableRowsInput<T>) => TableRow<T>[] {
  let memo: RowsMemo<T> | null = null;
  return (input) => (memo = computeRows(input, memo)).rows;
}

function computeRows<T extends KubeObjectLike>(
  input: TableRowsInput<T>,
  previous: RowsMemo<T> | null,
): RowsMemo<T> {
  const needle = input.filter.trim().toLowerCase();
  const filtered = needle
    ? input.items.filter((item) =>
        searchText(item, input.columns, input.cacheKey ?? input.columns).includes(needle),
      )
    : input.items;
  const ordered = input.sort
    ? sortItems(
        filtered,
        input.columns.find((c) => c.id === input.sort?.columnId),
        input.sort.direction,
      )
    : filtered;
  const itemRows = reuseRows(ordered, previous);
  return { ordered, itemRows, rows: layout(itemRows, input.clusters, input.groupBy) };
}

/** The row of each item in `ordered`: the previous one where the same item held the same place. */
function reuseRows<T extends KubeObjectLike>(
  ordered: readonly FleetStoreItem<T>[],
  previous: RowsMemo<T> | null,
): TableRow<T>[] {
  if (!previous) return ordered.map((entry) => new ItemRow(entry));
  const { ordered: before, itemRows: rows } = previous;
  if (before.length !== ordered.length)
    return ordered.map((entry, i) => (before[i] === entry ? (rows[i] as TableRow<T>) : new ItemRow(entry)));
  // Same length (objects updated in place): copying the array and patching is the cheapest pass.
  const next = rows.slice();
  for (let i = 0; i < ordered.length; i++) {
    const entry = ordered[i] as FleetStoreItem<T>;
    if (before[i] !== entry) next[i] = new ItemRow(entry);
  }
  return next;
}

const itemOf = <T extends KubeObjectLike>(row: TableRow<T>) => (row as ItemRow<T>).item;

/** Places the item rows under group headers, with the status rows of clusters that are not `ok`. */
function layout<T extends KubeObjectLike>(
  itemRows: TableRow<T>[],
  clusters: readonly ClusterQueryStatus[],
  groupBy: TableGroupBy,
): TableRow<T>[] {
  const notOk = clusters.filter((status) => status.status !== 'ok').map(statusRow);
  if (groupBy === 'cluster') {
    const byCluster = groupRows(itemRows, (item) => item.clusterId);
    return clusters.flatMap((status) => {
      const members = byCluster.get(status.clusterId) ?? [];
      const header: TableRow<T> = {
        type: 'group',
        key: `group:${status.clusterId}`,
        label: status.clusterName,
        count: members.length,
        clusterId: status.clusterId,
      };
      return [header, ...(status.status === 'ok' ? [] : [statusRow(status)]), ...members];
    });
  }
  if (groupBy === 'namespace') {
    const byNamespace = groupRows(itemRows, (item) => item.object.metadata.namespace ?? '');
    const rows: TableRow<T>[] = notOk;
    for (const namespace of [...byNamespace.keys()].sort()) {
      const members = byNamespace.get(namespace) ?? [];
      rows.push({
        type: 'group',
        key: `group:ns:${namespace}`,
        label: namespace || '(cluster-scoped)',
        count: members.length,
        clusterId: null,
      });
      for (const row of members) rows.push(row);
    }
    return rows;
  }
  return notOk.length === 0 ? itemRows : [...notOk, ...itemRows];
}

function groupRows<T extends KubeObjectLike>(
  itemRows: readonly TableRow<T>[],
  groupOf: (item: FleetStoreItem<T>) => string,
): Map<string, TableRow<T>[]> {
  const groups = new Map<string, TableRow<T>[]>();
  for (const row of itemRows) {
    const group = groupOf(itemOf(row));
    const list = groups.get(group);
    if (list) list.push(row);
    else groups.set(group, [row]);
  }
  return groups;
}
