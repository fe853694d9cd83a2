import type { KnownClusterPreferenceKey, KnownClusterPreferences } from '@flotilla/cluster-core';
import { useCallback, useEffect, useMemo, useReducer, useSyncExternalStore } from 'react';
import { stableKey } from '../core/stable-key';
import { useFlotillaRuntime } from '../provider/FlotillaProvider';

export type PreferenceSetter<T> = (value: T | ((previous: T) => T)) => void;

/**
 * The fallback as a value that keeps its identity across renders while its content is the same, so
 * `getSnapshot` can return it without looping (an inline `[]` is a new array every render).
 */
function useStableFallback<T>(fallback: T): T {
  const key = fallback === undefined ? null : stableKey(fallback);
  return useMemo(() => (key === null ? undefined : JSON.parse(key)) as T, [key]);
}

/**
 * One preference of one cluster, stored as `<key>:<clusterId>` (BRIEF I8), so a value set under
 * cluster A is never seen under B. Returns `[value, setValue]` like `useState`; every component
 * reading the same cluster and key sees the change. Values are JSON; credentials are refused.
 */
export function useClusterPreference<K extends KnownClusterPreferenceKey>(
  clusterId: string,
  key: K,
  fallback: KnownClusterPreferences[K],
): [KnownClusterPreferences[K], PreferenceSetter<KnownClusterPreferences[K]>];
export function useClusterPreference<T>(
  clusterId: string,
  key: string,
  fallback: T,
): [T, PreferenceSetter<T>];
export function useClusterPreference<T>(
  clusterId: string,
  key: string,
  fallback: T,
): [T, PreferenceSetter<T>] {
  const { clusterPreferences } = useFlotillaRuntime();
  const scope = useMemo(() => clusterPreferences.forCluster(clusterId), [clusterPreferences, clusterId]);
  const stableFallback = useStableFallback(fallback);
  const subscribe = useCallback(
    (listener: () => void) => scope.subscribe((change) => change.key === key && listener()),
    [scope, key],
  );
  const getSnapshot = useCallback(() => scope.get(key, stableFallback), [scope, key, stableFallback]);
  const value = useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
  const setValue = useCallback<PreferenceSetter<T>>(
    (next) => {
      const resolved = typeof next === 'function' ? (next as (previous: T) => T)(getSnapshot()) : next;
      scope.set(key, resolved);
    },
    [scope, key, getSnapshot],
  );
  return [value, setValue];
}

/**
 * One preference key read for many clusters at once (colours of every table row's cluster, groups
 * of every switcher entry), re-read whenever any cluster's value of that key changes.
 */
export function useClusterPreferenceMap<T>(
  clusterIds: readonly string[],
  key: string,
  fallback: T,
): Readonly<Record<string, T>> {
  const { preferences, clusterPreferences } = useFlotillaRuntime();
  const stableFallback = useStableFallback(fallback);
  const [version, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(
    () => preferences.subscribe((change) => change.key.startsWith(`${key}:`) && bump()),
    [preferences, key],
  );
  const idsKey = clusterIds.join('\u0000');
  return useMemo(() => {
    void version;
    const values: Record<string, T> = {};
    for (const id of idsKey ? idsKey.split('\u0000') : []) {
      values[id] = clusterPreferences.forCluster(id).get(key, stableFallback);
    }
    return values;
  }, [clusterPreferences, idsKey, key, stableFallback, version]);
}
