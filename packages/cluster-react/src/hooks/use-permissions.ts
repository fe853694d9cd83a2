import type { FleetClient, PermissionQuery, PermissionSnapshot } from '@flotilla/cluster-core';
import { useQueryView, useViewSnapshot } from './use-view-snapshot';

const createView = (client: FleetClient, query: PermissionQuery) => client.permissions(query);

/**
 * `kubectl auth can-i` per cluster: `allowed[clusterId]` is true, false, or null while unknown (a
 * failed review's error is in `errors[clusterId]`). Null while `query` is null.
 */
export function usePermissions(query: PermissionQuery | null): PermissionSnapshot | null {
  return useViewSnapshot(useQueryView(query, createView), null);
}
