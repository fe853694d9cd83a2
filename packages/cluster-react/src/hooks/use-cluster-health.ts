import { selectHealth, type ClusterHealthView, type ClusterLookup } from '../core/cluster-lookup';
import { useClusterLookup } from './use-cluster';

/** A cluster's health, latency, last contact and last error, plus the one-word summary of all axes. */
export function useClusterHealth(clusterId: string): ClusterLookup<ClusterHealthView> {
  return useClusterLookup(clusterId, selectHealth);
}
