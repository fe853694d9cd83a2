import {
  ClusterPreferences,
  type Clock,
  type FleetClient,
  type PreferenceStore,
} from '@flotilla/cluster-core';
import { createContext } from 'react';

/** What the provider hands to every hook: the fleet, preferences and the clock countdowns read. */
export interface FlotillaRuntime {
  readonly client: FleetClient;
  readonly preferences: PreferenceStore;
  /** Per-cluster view of `preferences` (keys stored as `<key>:<clusterId>`, BRIEF I8). */
  readonly clusterPreferences: ClusterPreferences;
  readonly clock: Clock;
}

export const FlotillaContext = createContext<FlotillaRuntime | null>(null);

export function createRuntime(
  client: FleetClient,
  preferences: PreferenceStore,
  clock: Clock,
): FlotillaRuntime {
  return { client, preferences, clusterPreferences: new ClusterPreferences(preferences), clock };
}
