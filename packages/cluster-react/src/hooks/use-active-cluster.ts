import type { ClusterSnapshot } from '@flotilla/cluster-core';
import { useCallback } from 'react';
import { useFlotillaRuntime } from '../provider/FlotillaProvider';
import { useFleetSnapshot } from './use-clusters';

/** The active cluster's id, or null: nothing is auto-selected while the fleet has several clusters. */
export function useActiveClusterId(): string | null {
  return useFleetSnapshot().activeClusterId;
}

/** The active cluster's snapshot, or null when none is active. */
export function useActiveCluster(): ClusterSnapshot | null {
  const { client } = useFlotillaRuntime();
  const fleet = useFleetSnapshot();
  return fleet.activeClusterId === null ? null : (client.getCluster(fleet.activeClusterId) ?? null);
}

/** Selects the active cluster (or none with null); rejects with `unknown-cluster` for an id the fleet lacks. */
export function useSetActiveCluster(): (clusterId: string | null) => Promise<void> {
  const { client } = useFlotillaRuntime();
  return useCallback((clusterId: string | null) => client.setActive(clusterId), [client]);
}
