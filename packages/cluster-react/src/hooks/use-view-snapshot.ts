import type { FleetClient, FleetView } from '@flotilla/cluster-core';
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { stableKey } from '../core/stable-key';
import { useFlotillaRuntime } from '../provider/FlotillaProvider';

const noop = () => {};
const ignore = () => noop;

/**
 * The current snapshot of a view, re-rendering when it changes; `fallback` while `view` is null.
 * Subscribing is what starts a view's watch, and unsubscribing on unmount releases it.
 */
export function useViewSnapshot<S, F>(view: FleetView<S> | null, fallback: F): S | F {
  const subscribe = useCallback(
    (listener: () => void) => (view ? view.subscribe(listener) : ignore()),
    [view],
  );
  const getSnapshot = useCallback(() => (view ? view.getSnapshot() : fallback), [view, fallback]);
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}

/**
 * The view for `query`, created once per client and query *content*: the query is keyed by a stable
 * serialization, so an object literal written inline in render does not create a new view (and a
 * new watch) every render. A null query creates nothing.
 */
export function useQueryView<Q, S>(
  query: Q | null,
  create: (client: FleetClient, query: Q) => FleetView<S>,
): FleetView<S> | null {
  const { client } = useFlotillaRuntime();
  const key = query === null ? null : stableKey(query);
  return useMemo(() => (key === null ? null : create(client, JSON.parse(key) as Q)), [client, key, create]);
}
