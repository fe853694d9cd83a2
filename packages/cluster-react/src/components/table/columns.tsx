import type { FleetStoreItem, KubeObjectLike } from '@flotilla/cluster-core';
import type { ReactNode } from 'react';
import { formatAge } from '../../core/format';

/** What a cell can read besides its item. */
export interface ColumnContext {
  /** Clock time of the render, for ages. */
  readonly now: number;
  /** The colour marking a cluster (its `cluster:colour` preference, or one derived from its id). */
  colourOf(clusterId: string): string;
}

/** One column of a `FleetResourceTable`. */
export interface FleetColumn<T extends KubeObjectLike = KubeObjectLike> {
  id: string;
  header: string;
  /** The cell's value: shown as text unless `cell` is given, and used to sort and filter. */
  value(item: FleetStoreItem<T>, context: ColumnContext): string | number | null;
  /** Custom cell content. */
  cell?(item: FleetStoreItem<T>, context: ColumnContext): ReactNode;
  /** A CSS grid track (`2fr`, `8rem`); default `1fr`. */
  width?: string;
  /** Default true. */
  sortable?: boolean;
  align?: 'start' | 'end';
}

type Fields = Record<string, unknown> | undefined;
const field = (item: FleetStoreItem, key: string): Fields => item.object[key] as Fields;
const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

/** The cluster an item came from, marked with the cluster's colour. */
export const clusterColumn: FleetColumn = {
  id: 'cluster',
  header: 'Cluster',
  width: 'minmax(8rem, 1.2fr)',
  value: (item) => item.clusterName,
  cell: (item, context) => (
    <span
      className="flotilla-table__cluster"
      style={{ display: 'inline-flex', alignItems: 'center', gap: '0.4em' }}
    >
      <span
        aria-hidden="true"
        className="flotilla-table__swatch"
        style={{
          width: '0.6em',
          height: '0.6em',
          borderRadius: 2,
          background: context.colourOf(item.clusterId),
          flex: 'none',
        }}
      />
      {item.clusterName}
    </span>
  ),
};

/** The object's namespace (empty for cluster-scoped objects). */
export const namespaceColumn: FleetColumn = {
  id: 'namespace',
  header: 'Namespace',
  width: 'minmax(6rem, 1fr)',
  value: (item) => item.object.metadata.namespace ?? '',
};

/** The object's name. */
export const nameColumn: FleetColumn = {
  id: 'name',
  header: 'Name',
  width: 'minmax(10rem, 2.5fr)',
  value: (item) => item.object.metadata.name,
};

/** Time since creation, formatted like kubectl (`5m`, `3d`). */
export const ageColumn: FleetColumn = {
  id: 'age',
  header: 'Age',
  width: '5rem',
  align: 'end',
  // Sorting by the timestamp puts the youngest first in descending order, as kubectl users expect.
  value: (item) => item.object.metadata.creationTimestamp ?? '',
  cell: (item, context) => formatAge(item.object.metadata.creationTimestamp, context.now),
};

function containerStatuses(item: FleetStoreItem): Array<{ ready?: boolean; restartCount?: number }> {
  const statuses = field(item, 'status')?.['containerStatuses'];
  return Array.isArray(statuses) ? statuses : [];
}

/** Pods as `kubectl get pods` shows them, after the cluster column. */
export const POD_COLUMNS: readonly FleetColumn[] = [
  clusterColumn,
  namespaceColumn,
  nameColumn,
  {
    id: 'ready',
    header: 'Ready',
    width: '4.5rem',
    value: (item) => {
      const statuses = containerStatuses(item);
      return `${statuses.filter((s) => s.ready).length}/${statuses.length}`;
    },
  },
  {
    id: 'status',
    header: 'Status',
    width: '6.5rem',
    value: (item) => String(field(item, 'status')?.['phase'] ?? 'Unknown'),
  },
  {
    id: 'restarts',
    header: 'Restarts',
    width: '5rem',
    align: 'end',
    value: (item) => containerStatuses(item).reduce((sum, s) => sum + num(s.restartCount), 0),
  },
  {
    id: 'node',
    header: 'Node',
    width: 'minmax(6rem, 1fr)',
    value: (item) => String(field(item, 'spec')?.['nodeName'] ?? ''),
  },
  ageColumn,
];

/** Deployments as `kubectl get deployments` shows them, after the cluster column. */
export const DEPLOYMENT_COLUMNS: readonly FleetColumn[] = [
  clusterColumn,
  namespaceColumn,
  nameColumn,
  {
    id: 'ready',
    header: 'Ready',
    width: '5rem',
    value: (item) =>
      `${num(field(item, 'status')?.['readyReplicas'])}/${num(field(item, 'spec')?.['replicas'])}`,
  },
  {
    id: 'up-to-date',
    header: 'Up-to-date',
    width: '6rem',
    align: 'end',
    value: (item) => num(field(item, 'status')?.['updatedReplicas']),
  },
  {
    id: 'available',
    header: 'Available',
    width: '6rem',
    align: 'end',
    value: (item) => num(field(item, 'status')?.['availableReplicas']),
  },
  ageColumn,
];

function nodeStatus(item: FleetStoreItem): string {
  const conditions = field(item, 'status')?.['conditions'];
  const ready =
    Array.isArray(conditions) &&
    conditions.some((c: { type?: unknown; status?: unknown }) => c.type === 'Ready' && c.status === 'True');
  const cordoned = field(item, 'spec')?.['unschedulable'] === true;
  return `${ready ? 'Ready' : 'NotReady'}${cordoned ? ',SchedulingDisabled' : ''}`;
}

/** Nodes as `kubectl get nodes` shows them, after the cluster column. */
export const NODE_COLUMNS: readonly FleetColumn[] = [
  clusterColumn,
  nameColumn,
  { id: 'status', header: 'Status', width: 'minmax(6rem, 1.4fr)', value: nodeStatus },
  {
    id: 'roles',
    header: 'Roles',
    width: 'minmax(6rem, 1fr)',
    value: (item) =>
      Object.keys(item.object.metadata.labels ?? {})
        .filter((label) => label.startsWith('node-role.kubernetes.io/'))
        .map((label) => label.slice('node-role.kubernetes.io/'.length))
        .join(',') || '<none>',
  },
  {
    id: 'version',
    header: 'Version',
    width: '6.5rem',
    value: (item) => String((field(item, 'status')?.['nodeInfo'] as Fields)?.['kubeletVersion'] ?? ''),
  },
  ageColumn,
];

/** Events as `kubectl get events` shows them, after the cluster column. */
export const EVENT_COLUMNS: readonly FleetColumn[] = [
  clusterColumn,
  namespaceColumn,
  { id: 'type', header: 'Type', width: '5.5rem', value: (item) => String(item.object['type'] ?? '') },
  {
    id: 'reason',
    header: 'Reason',
    width: 'minmax(6rem, 1fr)',
    value: (item) => String(item.object['reason'] ?? ''),
  },
  {
    id: 'object',
    header: 'Object',
    width: 'minmax(8rem, 1.4fr)',
    value: (item) => {
      const involved = item.object['involvedObject'] as Fields;
      return involved
        ? `${String(involved['kind'] ?? '').toLowerCase()}/${String(involved['name'] ?? '')}`
        : '';
    },
  },
  {
    id: 'message',
    header: 'Message',
    width: 'minmax(12rem, 3fr)',
    value: (item) => String(item.object['message'] ?? ''),
  },
];

/** Any other kind: cluster, namespace, name and age. */
export const GENERIC_COLUMNS: readonly FleetColumn[] = [
  clusterColumn,
  namespaceColumn,
  nameColumn,
  ageColumn,
];

const BY_KIND: ReadonlyArray<[readonly string[], readonly FleetColumn[]]> = [
  [['pods', 'pod', 'po'], POD_COLUMNS],
  [['deployments', 'deployment', 'deploy', 'apps/deployment'], DEPLOYMENT_COLUMNS],
  [['nodes', 'node', 'no'], NODE_COLUMNS],
  [['events', 'event', 'ev'], EVENT_COLUMNS],
];

/** kubectl-like default columns for pods, deployments, nodes and events; cluster, namespace, name, age otherwise. */
export function defaultColumns(kind: string): readonly FleetColumn[] {
  const name = kind.toLowerCase();
  return BY_KIND.find(([names]) => names.includes(name))?.[1] ?? GENERIC_COLUMNS;
}
