import type { FleetSnapshot } from '../cluster-manager';
import type { VersionSkewMatrix } from '../comparison/version-skew';
import type { SerializedFlotillaError } from '../errors';
import type { ClusterQueryStatus } from '../fleet-store/query';
import type { ViewSpec } from './bridge-protocol';
import type {
  ComparisonSnapshot,
  FleetResourcesSnapshot,
  PermissionSnapshot,
  PodLogSnapshot,
} from './fleet-client';
import { pendingResources } from './remote-resources';

const EMPTY_SKEW: VersionSkewMatrix = {
  clusters: [],
  kubernetesVersions: [],
  minorSkew: 0,
  openshiftVersions: [],
  apis: [],
  skewed: false,
  unknown: [],
};

const clusterName = (fleet: FleetSnapshot, clusterId: string): string =>
  fleet.clusters.find((cluster) => cluster.clusterId === clusterId)?.clusterName ?? clusterId;

/** What a view shows before the server has answered: not loaded, never "loaded and empty". */
export function pendingSnapshot(spec: ViewSpec, fleet: FleetSnapshot): unknown {
  switch (spec.type) {
    case 'resources':
      return pendingResources(spec.query);
    case 'comparison':
      return {
        query: spec.query,
        kind: null,
        distribution: [],
        total: 0,
        versionSkew: EMPTY_SKEW,
        diff: null,
        partial: true,
        loaded: false,
      } satisfies ComparisonSnapshot;
    case 'permissions':
      return { query: spec.query, allowed: {}, errors: {}, loaded: false } satisfies PermissionSnapshot;
    case 'drainJobs':
      return [];
    case 'podLogs':
      return {
        clusterId: spec.clusterId,
        clusterName: clusterName(fleet, spec.clusterId),
        status: 'connecting',
        lines: [],
        dropped: 0,
        error: null,
      } satisfies PodLogSnapshot;
  }
}

/** The clusters a query targets: the ones it names, else every cluster of the fleet. */
function targets(fleet: FleetSnapshot, clusters: readonly string[] | undefined): ClusterQueryStatus[] {
  const ids = clusters ?? fleet.clusters.map((cluster) => cluster.clusterId);
  return ids.map((clusterId) => ({
    clusterId,
    clusterName: clusterName(fleet, clusterId),
    status: 'error',
    count: 0,
    since: null,
  }));
}

/**
 * What a view shows when the server could not open it (a malformed query, an unknown cluster):
 * every targeted cluster in error with that error, so a failure never looks like an empty list.
 */
export function failedSnapshot(
  spec: ViewSpec,
  current: unknown,
  fleet: FleetSnapshot,
  error: SerializedFlotillaError,
): unknown {
  switch (spec.type) {
    case 'resources':
      return {
        ...(current as FleetResourcesSnapshot),
        clusters: targets(fleet, spec.query.clusters).map((status) => ({ ...status, error })),
        partial: true,
        loaded: true,
      } satisfies FleetResourcesSnapshot;
    case 'comparison':
      return {
        ...(current as ComparisonSnapshot),
        distribution: targets(fleet, spec.query.clusters).map(({ clusterId, clusterName }) => ({
          clusterId,
          clusterName,
          status: 'error' as const,
          count: 0,
          breakdown: {},
          error,
        })),
        partial: true,
        loaded: true,
      } satisfies ComparisonSnapshot;
    case 'permissions': {
      const ids = targets(fleet, spec.query.clusters).map((status) => status.clusterId);
      return {
        query: spec.query,
        allowed: Object.fromEntries(ids.map((id) => [id, null])),
        errors: Object.fromEntries(ids.map((id) => [id, error])),
        loaded: true,
      } satisfies PermissionSnapshot;
    }
    case 'drainJobs':
      return current;
    case 'podLogs':
      return { ...(current as PodLogSnapshot), status: 'error', error } satisfies PodLogSnapshot;
  }
}
