import type { FleetStoreItem, ResourceQuery } from '@flotilla/cluster-core';
import { clusterColour, defaultColumns, fleetRowKey, useFleetResources } from '@flotilla/cluster-react';
import { memo, useMemo, useState } from 'react';

type Columns = ReturnType<typeof defaultColumns>;
type Context = Parameters<Columns[number]['value']>[1];

/**
 * The peer: the same rows, columns and cells in a plain `<table>`, every row in the DOM. It is
 * written with care rather than as a straw man: rows are memoized and the cell context is stable,
 * so an update re-renders only the rows whose object changed.
 */
export function PlainTable({ query }: { query: ResourceQuery }) {
  const resources = useFleetResources(query);
  const columns = useMemo(() => defaultColumns(query.kind), [query.kind]);
  const [context] = useState<Context>(() => ({ now: Date.now(), colourOf: (id) => clusterColour(id) }));
  return (
    <table className="plain-table">
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.id}>{column.header}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {resources.items.map((item) => (
          <PlainRow key={fleetRowKey(item)} item={item} columns={columns} context={context} />
        ))}
      </tbody>
    </table>
  );
}

const PlainRow = memo(function PlainRow({
  item,
  columns,
  context,
}: {
  item: FleetStoreItem;
  columns: Columns;
  context: Context;
}) {
  return (
    <tr data-cluster-id={item.clusterId}>
      {columns.map((column) => (
        <td key={column.id}>{column.cell ? column.cell(item, context) : column.value(item, context)}</td>
      ))}
    </tr>
  );
});
