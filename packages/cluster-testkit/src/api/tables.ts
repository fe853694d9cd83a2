/**
 * Server-side printing: the meta.k8s.io/v1 Table the apiserver returns for
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. kubectl renders these cells verbatim,
 * so columns and cell text follow k8s.io/kubernetes/pkg/printers/internalversion.
 */
import type { ResourceType } from './resources';
import {
  age,
  at,
  containerCells,
  eventCells,
  formatLabels,
  int,
  nodeCells,
  podCells,
  rec,
  selectorString,
  serviceCells,
  str,
} from './table-cells';
import type { KubeObject, ListMeta, ObjectMeta } from './types';

export { humanDuration } from './table-cells';

export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ObjectMeta;
}

export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface TableRow {
  cells: unknown[];
  /** Absent when the client asked for `includeObject=None`. */
  object?: PartialObjectMetadata | KubeObject;
  conditions?: TableRowCondition[];
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: Partial<ListMeta>;
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface ToTableOptions {
  includeObject?: IncludeObject;
  listMeta?: ListMeta;
  /** The instant ages are measured from; tests pin it. */
  now?: Date;
}

// ---------------------------------------------------------------------------------------------

interface Printer {
  columns: TableColumnDefinition[];
  cells(o: KubeObject, now: number): unknown[];
  conditions?(o: KubeObject): TableRowCondition[] | undefined;
}

const CREATED = 'CreationTimestamp is a timestamp representing the server time when this object was created.';
/** kubectl never displays column descriptions, so most columns just carry their own name. */
const DESCRIPTIONS: Readonly<Record<string, string>> = {
  Name: 'Name must be unique within a namespace.',
  Age: CREATED,
  'Created At': CREATED,
};

/** `+Col` is a priority-1 (`-o wide`) column, `Col#` an integer and `Col@` a date column. */
function columns(spec: string): TableColumnDefinition[] {
  return spec.split(',').map((raw) => {
    const name = raw.replace(/^\+|[#@]$/g, '');
    return {
      name,
      type: raw.endsWith('#') ? 'integer' : raw.endsWith('@') ? 'date' : 'string',
      format: name === 'Name' ? 'name' : '',
      description: DESCRIPTIONS[name] ?? name,
      priority: raw.startsWith('+') ? 1 : 0,
    };
  });
}

const replicas = (o: KubeObject): number => int(at(o, 'spec', 'replicas'), 1);
const statusInt = (o: KubeObject, field: string): number => int(at(o, 'status', field));
const intOrString = (v: unknown): string =>
  typeof v === 'number' || typeof v === 'string' ? String(v) : 'N/A';
const completed = (reason: string, message: string): TableRowCondition[] => [
  { type: 'Completed', status: 'True', reason, message },
];

function rfc3339(timestamp: string): string {
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? '0001-01-01T00:00:00Z' : new Date(t).toISOString().replace(/\.\d+Z$/, 'Z');
}

const PRINTERS: Readonly<Record<string, Printer>> = {
  '/Pod': {
    columns: columns('Name,Ready,Status,Restarts,Age,+IP,+Node,+Nominated Node,+Readiness Gates'),
    cells: podCells,
    conditions: (o) => {
      const phase = at(o, 'status', 'phase');
      if (phase === 'Succeeded') return completed('Succeeded', 'The pod has completed successfully.');
      if (phase === 'Failed') return completed('Failed', 'The pod failed.');
      return undefined;
    },
  },
  '/Node': {
    columns: columns(
      'Name,Status,Roles,Age,Version,+Internal-IP,+External-IP,+OS-Image,+Kernel-Version,+Container-Runtime',
    ),
    cells: nodeCells,
  },
  'apps/Deployment': {
    columns: columns('Name,Ready,Up-to-date,Available,Age,+Containers,+Images,+Selector'),
    cells: (o, now) => [
      o.metadata.name,
      `${statusInt(o, 'readyReplicas')}/${replicas(o)}`,
      statusInt(o, 'updatedReplicas'),
      statusInt(o, 'availableReplicas'),
      age(o, now),
      ...containerCells(at(o, 'spec', 'template')),
      selectorString(at(o, 'spec', 'selector'), false),
    ],
  },
  'apps/ReplicaSet': {
    columns: columns('Name,Desired#,Current#,Ready#,Age,+Containers,+Images,+Selector'),
    cells: (o, now) => [
      o.metadata.name,
      replicas(o),
      statusInt(o, 'replicas'),
      statusInt(o, 'readyReplicas'),
      age(o, now),
      ...containerCells(at(o, 'spec', 'template')),
      selectorString(at(o, 'spec', 'selector'), true),
    ],
  },
  'apps/StatefulSet': {
    columns: columns('Name,Ready,Age,+Containers,+Images'),
    cells: (o, now) => [
      o.metadata.name,
      `${statusInt(o, 'readyReplicas')}/${replicas(o)}`,
      age(o, now),
      ...containerCells(at(o, 'spec', 'template')),
    ],
  },
  'apps/DaemonSet': {
    columns: columns(
      'Name,Desired#,Current#,Ready#,Up-to-date#,Available#,Node Selector,Age,+Containers,+Images,+Selector',
    ),
    cells: (o, now) => [
      o.metadata.name,
      statusInt(o, 'desiredNumberScheduled'),
      statusInt(o, 'currentNumberScheduled'),
      statusInt(o, 'numberReady'),
      statusInt(o, 'updatedNumberScheduled'),
      statusInt(o, 'numberAvailable'),
      formatLabels(at(o, 'spec', 'template', 'spec', 'nodeSelector')),
      age(o, now),
      ...containerCells(at(o, 'spec', 'template')),
      selectorString(at(o, 'spec', 'selector'), true),
    ],
  },
  '/Service': {
    columns: columns('Name,Type,Cluster-IP,External-IP,Port(s),Age,+Selector'),
    cells: serviceCells,
  },
  '/Namespace': {
    columns: columns('Name,Status,Age'),
    cells: (o, now) => [
      o.metadata.name,
      str(at(o, 'status', 'phase')) || (o.metadata.deletionTimestamp ? 'Terminating' : 'Active'),
      age(o, now),
    ],
  },
  '/ConfigMap': {
    columns: columns('Name,Data,Age'),
    cells: (o, now) => [
      o.metadata.name,
      Object.keys(rec(o.data)).length + Object.keys(rec(o.binaryData)).length,
      age(o, now),
    ],
  },
  '/Secret': {
    columns: columns('Name,Type,Data,Age'),
    cells: (o, now) => [
      o.metadata.name,
      str(o.type) || 'Opaque',
      Object.keys(rec(o.data)).length,
      age(o, now),
    ],
  },
  '/Event': {
    columns: columns('Last Seen,Type,Reason,Object,+Subobject,+Source,Message,+First Seen,+Count,+Name'),
    cells: eventCells,
  },
  'policy/PodDisruptionBudget': {
    columns: columns('Name,Min Available,Max Unavailable,Allowed Disruptions#,Age'),
    cells: (o, now) => [
      o.metadata.name,
      intOrString(at(o, 'spec', 'minAvailable')),
      intOrString(at(o, 'spec', 'maxUnavailable')),
      statusInt(o, 'disruptionsAllowed'),
      age(o, now),
    ],
  },
  // The CRD registry keeps the generic table convertor, hence absolute RFC 3339 timestamps.
  'apiextensions.k8s.io/CustomResourceDefinition': {
    columns: columns('Name,Created At@'),
    cells: (o) => [o.metadata.name, rfc3339(o.metadata.creationTimestamp)],
  },
};

/** What custom resources without additionalPrinterColumns print. */
const FALLBACK: Printer = {
  columns: columns('Name,Age@'),
  cells: (o, now) => [o.metadata.name, age(o, now)],
};

export function columnsFor(type: Pick<ResourceType, 'group' | 'kind'>): TableColumnDefinition[] {
  return (PRINTERS[`${type.group}/${type.kind}`] ?? FALLBACK).columns.map((c) => ({ ...c }));
}

export function toTable(type: ResourceType, objects: KubeObject[], options: ToTableOptions = {}): Table {
  const printer = PRINTERS[`${type.group}/${type.kind}`] ?? FALLBACK;
  const now = (options.now ?? new Date()).getTime();
  const includeObject = options.includeObject ?? 'Metadata';
  const rows = objects.map((o): TableRow => {
    const row: TableRow = { cells: printer.cells(o, now) };
    if (includeObject === 'Object') row.object = o;
    if (includeObject === 'Metadata') {
      row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
    }
    const conditions = printer.conditions?.(o);
    if (conditions) row.conditions = conditions;
    return row;
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { ...options.listMeta },
    columnDefinitions: columnsFor(type),
    rows,
  };
}
