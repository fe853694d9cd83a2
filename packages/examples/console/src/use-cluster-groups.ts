import type { ClusterSnapshot } from '@flotilla/cluster-core';
import { useClusterPreferenceMap, useClusters } from '@flotilla/cluster-react';
import { useCallback } from 'react';

const NO_GROUPS: string[] = [];

/**
 * The switcher's grouping: a group the user filed the cluster under (its `cluster:groups`
 * preference, kept in this browser) wins over the server's default grouping.
 */
export function useClusterGroups(
  defaults: Record<string, string>,
): (cluster: ClusterSnapshot) => string | null {
  const ids = useClusters().map((cluster) => cluster.clusterId);
  const chosen = useClusterPreferenceMap(ids, 'cluster:groups', NO_GROUPS);
  return useCallback(
    (cluster: ClusterSnapshot) => chosen[cluster.clusterId]?.[0] ?? defaults[cluster.clusterId] ?? null,
    [chosen, defaults],
  );
}
