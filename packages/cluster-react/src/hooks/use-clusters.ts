import type { ClusterSnapshot, FleetSnapshot } from '@flotilla/cluster-core';
import { useCallback, useSyncExternalStore } from 'react';
import { useFlotillaRuntime } from '../provider/FlotillaProvider';

/** The fleet: every cluster's snapshot and the active id, stable until something changes. */
export function useFleetSnapshot(): FleetSnapshot {
  const { client } = useFlotillaRuntime();
  const subscribe = useCallback((listener: () => void) => client.subscribe(listener), [client]);
  const getSnapshot = useCallback(() => client.getSnapshot(), [client]);
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}

/** Every cluster of the fleet, in the fleet's order. */
export function useClusters(): readonly ClusterSnapshot[] {
  return useFleetSnapshot().clusters;
}
