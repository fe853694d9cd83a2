import { useCallback, useMemo } from 'react';
import { selectConnection, type ClusterConnectionView, type ClusterLookup } from '../core/cluster-lookup';
import { useFlotillaRuntime } from '../provider/FlotillaProvider';
import { useClusterLookup } from './use-cluster';

export interface ClusterConnectionActions {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
}

/** A cluster's connection state, last contact, latency and last error, with connect/disconnect for it. */
export function useClusterConnection(
  clusterId: string,
): ClusterLookup<ClusterConnectionView & ClusterConnectionActions> {
  const { client } = useFlotillaRuntime();
  const connection = useClusterLookup(clusterId, selectConnection);
  const connect = useCallback(() => client.connect(clusterId), [client, clusterId]);
  const disconnect = useCallback(() => client.disconnect(clusterId), [client, clusterId]);
  return useMemo(
    () => (connection.status === 'known' ? { ...connection, connect, disconnect } : connection),
    [connection, connect, disconnect],
  );
}
