import { selectMetadata, type ClusterLookup, type ClusterMetadataView } from '../core/cluster-lookup';
import { useClusterLookup } from './use-cluster';

/** Version, platform, server, nodes, allocatable capacity and pod count of one cluster. */
export function useClusterMetadata(clusterId: string): ClusterLookup<ClusterMetadataView> {
  return useClusterLookup(clusterId, selectMetadata);
}
