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

const itemRows = new WeakMap<FleetStoreItem, TableRow<never>>();

/** Items are immutable, so each one's row object is made once and reused by every re-render. */
function itemRow<T extends KubeObjectLike>(item: FleetStoreItem<T>): TableRow<T> {
  let row = itemRows.get(item);
  if (!row) {
    row = { type: 'item', key: fleetRowKey(item), item } as TableRow<never>;
    itemRows.set(item, row);
  }
  return row as TableRow<T>;
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

/**
 * The table's rows: items filtered (case-insensitive, any column) and sorted, grouped by cluster or
 * namespace, with one inline row per cluster that is not `ok`, so a failed cluster shows its error
 * where its rows would be, never as an empty list.
 */
export function tableRows<T extends KubeObjectLike>(input: TableRowsInput<T>): TableRow<T>[] {
  const needle = input.filter.trim().toLowerCase();
  const filtered = needle
    ? input.items.filter((item) =>
        searchText(item, input.columns, input.cacheKey ?? input.columns).includes(needle),
      )
    : input.items;
  const sorted = input.sort
    ? sortItems(
        filtered,
        input.columns.find((c) => c.id === input.sort?.columnId),
        input.sort.direction,
      )
    : filtered;
  const item = itemRow<T>;
  const notOk = input.clusters.filter((status) => status.status !== 'ok');

  if (input.groupBy === 'cluster') {
    const byCluster = new Map<string, FleetStoreItem<T>[]>();
    for (const entry of sorted) {
      const list = byCluster.get(entry.clusterId) ?? [];
      list.push(entry);
      byCluster.set(entry.clusterId, list);
    }
    return input.clusters.flatMap((status) => {
      const members = byCluster.get(status.clusterId) ?? [];
      const header: TableRow<T> = {
        type: 'group',
        key: `group:${status.clusterId}`,
        label: status.clusterName,
        count: members.length,
        clusterId: status.clusterId,
      };
      return [header, ...(status.status === 'ok' ? [] : [statusRow(status)]), ...members.map(item)];
    });
  }

  const rows: TableRow<T>[] = notOk.map(statusRow);
  if (input.groupBy === 'namespace') {
    const byNamespace = new Map<string, FleetStoreItem<T>[]>();
    for (const entry of sorted) {
      const namespace = entry.object.metadata.namespace ?? '';
      const list = byNamespace.get(namespace) ?? [];
      list.push(entry);
      byNamespace.set(namespace, list);
    }
    for (const namespace of [...byNamespace.keys()].sort()) {
      const members = byNamespace.get(namespace) ?? [];
      rows.push({
        type: 'group',
        key: `group:ns:${namespace}`,
        label: namespace || '(cluster-scoped)',
        count: members.length,
        clusterId: null,
      });
      for (const entry of members) rows.push(item(entry));
    }
    return rows;
  }
  for (const entry of sorted) rows.push(item(entry));
  return rows;
}
