import { MemoryPreferenceStore, type FleetEventType } from '@flotilla/cluster-core';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { useClusterPreference, useClusterPreferenceMap } from '../hooks/use-cluster-preference';
import { useFleetEvents } from '../hooks/use-fleet-events';
import { FlotillaProvider } from '../provider/FlotillaProvider';
import { fixtureFleet } from './render';

function setup() {
  const { fleet, clock } = fixtureFleet({ clusters: [{ id: 'a' }, { id: 'b' }] });
  const preferences = new MemoryPreferenceStore();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <FlotillaProvider client={fleet} clock={clock} preferences={preferences}>
      {children}
    </FlotillaProvider>
  );
  return { fleet, preferences, wrapper };
}

describe('useClusterPreference', () => {
  it('keeps a value set under cluster A away from cluster B (keys namespaced by cluster id)', () => {
    const { preferences, wrapper } = setup();
    const { result } = renderHook(
      () => ({
        a: useClusterPreference('a', 'pods:unhealthy-filter', false),
        b: useClusterPreference('b', 'pods:unhealthy-filter', false),
      }),
      { wrapper },
    );
    act(() => result.current.a[1](true));
    expect(result.current.a[0]).toBe(true);
    expect(result.current.b[0]).toBe(false);
    expect(preferences.keys()).toEqual(['pods:unhealthy-filter:a']);
  });

  it('shares one value between components and accepts an updater function', () => {
    const { wrapper } = setup();
    const first = renderHook(() => useClusterPreference<string[]>('a', 'cluster:groups', []), { wrapper });
    const second = renderHook(() => useClusterPreference<string[]>('a', 'cluster:groups', []), { wrapper });
    act(() => first.result.current[1]((groups) => [...groups, 'production']));
    act(() => second.result.current[1]((groups) => [...groups, 'eu']));
    expect(first.result.current[0]).toEqual(['production', 'eu']);
    expect(second.result.current[0]).toBe(first.result.current[0]);
  });

  it('returns the same fallback object across renders for an inline default', () => {
    const { wrapper } = setup();
    const { result, rerender } = renderHook(() => useClusterPreference('a', 'cluster:labels', {}), {
      wrapper,
    });
    const first = result.current[0];
    rerender();
    expect(result.current[0]).toBe(first);
  });

  it('refuses credentials with a clear error from the setter', () => {
    const { wrapper, preferences } = setup();
    const { result } = renderHook(() => useClusterPreference('a', 'token', ''), { wrapper });
    expect(() => result.current[1]('abc')).toThrow();
    expect(preferences.keys()).toEqual([]);
  });

  it('reads one key for many clusters and follows changes', () => {
    const { wrapper, preferences } = setup();
    const { result } = renderHook(() => useClusterPreferenceMap(['a', 'b'], 'cluster:colour', null), {
      wrapper,
    });
    expect(result.current).toEqual({ a: null, b: null });
    act(() => preferences.set('cluster:colour:b', '#ff0000'));
    expect(result.current).toEqual({ a: null, b: '#ff0000' });
  });
});

describe('useFleetEvents', () => {
  it('delivers only the event types and clusters asked for, to the latest handler', () => {
    const { fleet, wrapper } = setup();
    const seen: string[] = [];
    const { rerender, unmount } = renderHook(
      ({ tag }) =>
        useFleetEvents(
          { types: ['cluster:health:degraded', 'cluster:auth:failed'], clusterId: 'b' },
          (type, payload) => seen.push(`${tag} ${type} ${payload.clusterId}`),
        ),
      { wrapper, initialProps: { tag: 'first' } },
    );
    act(() => {
      fleet.setHealth('a', 'degraded');
      fleet.setHealth('b', 'degraded');
    });
    rerender({ tag: 'second' });
    act(() => {
      fleet.failAuth('b');
      fleet.failAuth('a');
    });
    expect(seen).toEqual(['first cluster:health:degraded b', 'second cluster:auth:failed b']);
    unmount();
    act(() => fleet.setHealth('b', 'healthy'));
    act(() => fleet.setHealth('b', 'degraded'));
    expect(seen).toHaveLength(2);
  });

  it('subscribes once for an inline filter and delivers fleet-level events without a cluster filter', () => {
    const { fleet, wrapper } = setup();
    const onEvent = vi.spyOn(fleet, 'onEvent');
    const types: FleetEventType[] = [];
    const { rerender } = renderHook(
      () => useFleetEvents({ types: 'cluster:added' }, (type) => types.push(type)),
      {
        wrapper,
      },
    );
    rerender();
    rerender();
    act(() => void fleet.addCluster({ id: 'c' }));
    expect(types).toEqual(['cluster:added']);
    expect(onEvent).toHaveBeenCalledTimes(1);
  });
});
