import {
  MemoryPreferenceStore,
  systemClock,
  type Clock,
  type FleetClient,
  type PreferenceStore,
} from '@flotilla/cluster-core';
import { useContext, useMemo, useState, type ReactNode } from 'react';
import { createRuntime, FlotillaContext, type FlotillaRuntime } from './flotilla-context';

export interface FlotillaProviderProps {
  /** The fleet: `createLocalFleetClient(manager)`, `connectFleet(url, …)` or a fixture. */
  client: FleetClient;
  /**
   * Where UI preferences live (cluster colours, groups, filters). Defaults to memory; a browser
   * console passes a `WebStoragePreferenceStore(localStorage)` so they survive a reload.
   */
  preferences?: PreferenceStore;
  /** Time for countdowns and ages; a `ManualClock` in tests. */
  clock?: Clock;
  children?: ReactNode;
}

/**
 * Makes a fleet available to the Flotilla hooks and components below it. It holds no cluster state
 * of its own: every hook subscribes to the client's views, so two providers over one client agree.
 */
export function FlotillaProvider({ client, preferences, clock, children }: FlotillaProviderProps) {
  // The default store is created once per provider, not per render, so preferences survive renders.
  const [fallbackStore] = useState(() => new MemoryPreferenceStore());
  const store = preferences ?? fallbackStore;
  const time = clock ?? systemClock;
  const runtime = useMemo(() => createRuntime(client, store, time), [client, store, time]);
  return <FlotillaContext.Provider value={runtime}>{children}</FlotillaContext.Provider>;
}

/** The provider's runtime; throws a clear error when a hook is used outside `<FlotillaProvider>`. */
export function useFlotillaRuntime(): FlotillaRuntime {
  const runtime = useContext(FlotillaContext);
  if (!runtime) {
    throw new Error('Flotilla hooks and components must be rendered inside <FlotillaProvider client={…}>.');
  }
  return runtime;
}
