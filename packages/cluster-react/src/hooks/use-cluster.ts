import type { ClusterSnapshot } from '@flotilla/cluster-core';
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { selectCluster, unknownCluster, type ClusterLookup, type KnownCluster } from '../core/cluster-lookup';
import { useFlotillaRuntime } from '../provider/FlotillaProvider';

/** One cluster's raw snapshot, or undefined for an id the fleet does not know (yet). */
export function useClusterSnapshot(clusterId: string): ClusterSnapshot | undefined {
  const { client } = useFlotillaRuntime();
  const subscribe = useCallback((listener: () => void) => client.subscribe(listener), [client]);
  const getSnapshot = useCallback(() => client.getCluster(clusterId), [client, clusterId]);
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}

/**
 * Reads one cluster through `select` (memoized per snapshot), or `{ status: 'unknown-cluster',
 * clusterId }` when the fleet does not know the id; a cluster added later is picked up.
 */
export function useClusterLookup<T>(
  clusterId: string,
  select: (cluster: ClusterSnapshot) => KnownCluster<T>,
): ClusterLookup<T> {
  const cluster = useClusterSnapshot(clusterId);
  return useMemo(() => (cluster ? select(cluster) : unknownCluster(clusterId)), [cluster, clusterId, select]);
}

/** One cluster: `{ status: 'known', cluster }`, or `{ status: 'unknown-cluster', clusterId }`. */
export function useCluster(clusterId: string): ClusterLookup<{ cluster: ClusterSnapshot }> {
  return useClusterLookup(clusterId, selectCluster);
}
