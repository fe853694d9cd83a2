import type { FleetLinkSnapshot } from '@flotilla/cluster-core';
import { useFlotillaRuntime } from '../provider/FlotillaProvider';
import { useViewSnapshot } from './use-view-snapshot';

/** The link to the fleet: always `open` in-process; a bridge client shows reconnects here. */
export function useFleetLink(): FleetLinkSnapshot {
  const { client } = useFlotillaRuntime();
  return useViewSnapshot(client.link, null) as FleetLinkSnapshot;
}
