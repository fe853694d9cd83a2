import { useCallback, useMemo } from 'react';
import { selectAuth, type ClusterAuthView, type ClusterLookup } from '../core/cluster-lookup';
import { useFlotillaRuntime } from '../provider/FlotillaProvider';
import { useClusterLookup } from './use-cluster';

export interface ClusterAuthActions {
  /** Restarts auth recovery of this cluster only (`retryAuth(clusterId)`). */
  retry(): Promise<void>;
}

/** A cluster's auth state and recovery progress (`attempt`, `maxAttempts`, `nextRetryAt`) with `retry()`. */
export function useClusterAuth(clusterId: string): ClusterLookup<ClusterAuthView & ClusterAuthActions> {
  const { client } = useFlotillaRuntime();
  const auth = useClusterLookup(clusterId, selectAuth);
  const retry = useCallback(() => client.retryAuth(clusterId), [client, clusterId]);
  return useMemo(() => (auth.status === 'known' ? { ...auth, retry } : auth), [auth, retry]);
}
