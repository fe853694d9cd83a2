import type { FleetBusEvents, FleetEventType } from '@flotilla/cluster-core';
import { useEffect, useEffectEvent } from 'react';
import { stableKey } from '../core/stable-key';
import { useFlotillaRuntime } from '../provider/FlotillaProvider';

export interface FleetEventFilter<K extends FleetEventType = FleetEventType> {
  /** One event type or several; every type when absent. */
  types?: K | readonly K[];
  /** Only events whose payload names this cluster (or one of these); fleet-wide when absent. */
  clusterId?: string | readonly string[];
}

export type FleetEventListener<K extends FleetEventType> = (type: K, payload: FleetBusEvents[K]) => void;

const asSet = <T>(value: T | readonly T[] | undefined): Set<T> | null =>
  value === undefined ? null : new Set(Array.isArray(value) ? (value as readonly T[]) : [value as T]);

/**
 * Calls `handler` for fleet events matching `filter` while the component is mounted. The handler
 * may change every render (it is read when an event arrives); the subscription changes only when
 * the filter's content does.
 */
export function useFleetEvents<K extends FleetEventType = FleetEventType>(
  filter: FleetEventFilter<K>,
  handler: FleetEventListener<K>,
): void {
  const { client } = useFlotillaRuntime();
  const onEvent = useEffectEvent(handler);
  const key = stableKey(filter);
  useEffect(() => {
    const parsed = JSON.parse(key) as FleetEventFilter<K>;
    const types = asSet<FleetEventType>(parsed.types);
    const clusters = asSet(parsed.clusterId);
    return client.onEvent((type, payload) => {
      if (types && !types.has(type)) return;
      if (clusters) {
        const clusterId = (payload as { clusterId?: unknown }).clusterId;
        if (typeof clusterId !== 'string' || !clusters.has(clusterId)) return;
      }
      // The bus handler is generic over its own event type; narrow it to the filtered ones.
      const event = type as FleetEventType as K;
      onEvent(event, payload as unknown as FleetBusEvents[K]);
    });
  }, [client, key]);
}
