import type { FleetClient } from '@flotilla/cluster-core';
import { useFlotillaRuntime } from '../provider/FlotillaProvider';

/** The provider's `FleetClient`, for actions (`client.actions.cordon(clusterId, node)`) and exports. */
export function useFleetClient(): FleetClient {
  return useFlotillaRuntime().client;
}
