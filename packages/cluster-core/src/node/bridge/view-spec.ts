import type { ViewSpec } from '../../client/bridge-protocol';
import type {
  ComparisonQuery,
  FleetClient,
  FleetView,
  PermissionQuery,
  PodLogQuery,
  ResourceQuery,
} from '../../client/fleet-client';
import type { DrainJobFilter } from '../../maintenance/drain-job-store';
import {
  clusterIds,
  count,
  flag,
  name,
  namespace,
  oneOf,
  optional,
  record,
  selector,
  shape,
} from './input-checks';

export function resourceQuery(value: unknown, where: string, field: string): ResourceQuery {
  return shape<ResourceQuery>(value, where, field, {
    kind: name,
    clusters: optional(clusterIds),
    namespace: optional(namespace),
    labelSelector: optional(selector),
  });
}

export function comparisonQuery(value: unknown, where: string, field: string): ComparisonQuery {
  return shape<ComparisonQuery>(value, where, field, {
    kind: name,
    clusters: optional(clusterIds),
    namespace: optional(namespace),
    labelSelector: optional(selector),
    name: optional(name),
  });
}

const permissionQuery = (value: unknown, where: string, field: string): PermissionQuery =>
  shape<PermissionQuery>(value, where, field, {
    verb: name,
    resource: name,
    namespace: optional(namespace),
    clusters: optional(clusterIds),
  });

const podLogQuery = (value: unknown, where: string, field: string): PodLogQuery =>
  shape<PodLogQuery>(value, where, field, {
    namespace: name,
    pod: name,
    container: optional(name),
    tailLines: optional(count),
    sinceSeconds: optional(count),
    follow: optional(flag),
  });

const VIEW_TYPES = ['resources', 'comparison', 'permissions', 'drainJobs', 'podLogs'] as const;

/** Checks and copies a view spec sent by a client; throws an `InputError` naming the bad field. */
export function parseViewSpec(value: unknown): ViewSpec {
  const where = 'view';
  const spec = record(value, where, 'view');
  const type = oneOf(VIEW_TYPES)(spec['type'], where, 'view.type');
  switch (type) {
    case 'resources':
      return { type, query: resourceQuery(spec['query'], where, 'view.query') };
    case 'comparison':
      return { type, query: comparisonQuery(spec['query'], where, 'view.query') };
    case 'permissions':
      return { type, query: permissionQuery(spec['query'], where, 'view.query') };
    case 'drainJobs': {
      const filter = optional((v, w, f) =>
        shape<DrainJobFilter>(v, w, f, { clusterId: optional(name), node: optional(name) }),
      )(spec['filter'], where, 'view.filter');
      return filter ? { type, filter } : { type };
    }
    case 'podLogs':
      return {
        type,
        clusterId: name(spec['clusterId'], where, 'view.clusterId'),
        query: podLogQuery(spec['query'], where, 'view.query'),
      };
  }
}

/** The fleet client's view for a spec. */
export function openView(client: FleetClient, spec: ViewSpec): FleetView<unknown> {
  switch (spec.type) {
    case 'resources':
      return client.resources(spec.query);
    case 'comparison':
      return client.comparison(spec.query);
    case 'permissions':
      return client.permissions(spec.query);
    case 'drainJobs':
      return client.drainJobs(spec.filter);
    case 'podLogs':
      return client.podLogs(spec.clusterId, spec.query);
  }
}
