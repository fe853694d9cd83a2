import {
  csvField,
  type FleetEntry,
  type KubeObjectLike,
  type ResolvedResource,
} from '@flotilla/cluster-core';
import { columnsFor, type Column } from '../../columns/index';
import { paint, type Colors } from '../../output/colors';
import type { FleetListDocument } from '../../output/fleet-document';
import { renderTable } from '../../output/table';
import { entryError } from '../../fleet/failures';
import { typeName, type ClusterObjects } from './list-objects';

/** One object with the cluster it came from, in output order. */
export interface Row {
  clusterId: string;
  label: string;
  resource: ResolvedResource;
  object: KubeObjectLike;
}

/** Objects of the clusters that answered, in target order, each cluster's in server order. */
export function rowsOf(
  entries: ReadonlyArray<FleetEntry<ClusterObjects>>,
  labels: ReadonlyMap<string, string>,
): Row[] {
  return entries.flatMap((entry) =>
    entry.status === 'ok'
      ? entry.value.items.map((object) => ({
          clusterId: entry.clusterId,
          label: labels.get(entry.clusterId) ?? entry.clusterName,
          resource: entry.value.resource,
          object,
        }))
      : [],
  );
}

/** The resource type as the first cluster that answered resolved it (they agree for built-in kinds). */
export function firstResource(
  entries: ReadonlyArray<FleetEntry<ClusterObjects>>,
): ResolvedResource | undefined {
  for (const entry of entries) if (entry.status === 'ok') return entry.value.resource;
  return undefined;
}

export function tableOutput(
  rows: readonly Row[],
  resource: ResolvedResource | undefined,
  options: { allNamespaces: boolean; wide: boolean; colors: Colors; now: number },
): string {
  const columns = columnsFor(resource, options);
  return renderTable(
    ['CLUSTER', ...columns.map((c) => c.header)],
    rows.map((row) => [row.label, ...columns.map((column) => cell(column, row.object, options))]),
  );
}

function cell(column: Column, object: KubeObjectLike, options: { colors: Colors; now: number }): string {
  const value = column.value(object, { now: options.now });
  return column.tone ? paint(options.colors, column.tone(value, object), value) : value;
}

/** RFC 4180 fields (formula-safe) with `\n` line ends for pipes; every column, as with `-o wide`. */
export function csvOutput(rows: readonly Row[], resource: ResolvedResource | undefined, now: number): string {
  const columns = columnsFor(resource, { allNamespaces: true, wide: true });
  const lines = [
    ['CLUSTER', ...columns.map((c) => c.header)].map(csvField).join(','),
    ...rows.map((row) =>
      [row.label, ...columns.map((c) => c.value(row.object, { now }))].map(csvField).join(','),
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** `sim-1<TAB>pod/web-1`: the cluster, then kubectl's `-o name`, one per line. */
export function nameOutput(rows: readonly Row[]): string {
  return rows.map((row) => `${row.label}\t${typeName(row.resource)}/${row.object.metadata.name}\n`).join('');
}

export function documentOutput(entries: ReadonlyArray<FleetEntry<ClusterObjects>>): FleetListDocument {
  return {
    kind: 'FleetList',
    partial: entries.some((entry) => entry.status !== 'ok'),
    clusters: entries.map((entry) => ({
      clusterId: entry.clusterId,
      clusterName: entry.clusterName,
      status: entry.status,
      ...(entry.status === 'ok' ? { count: entry.value.items.length } : {}),
      ...(entry.status !== 'ok' ? { error: entryError(entry) } : {}),
      durationMs: Math.round(entry.durationMs),
    })),
    items: entries.flatMap((entry) =>
      entry.status === 'ok'
        ? entry.value.items.map((object) => ({
            clusterId: entry.clusterId,
            clusterName: entry.clusterName,
            object,
          }))
        : [],
    ),
  };
}
