import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useActiveCluster, useActiveClusterId, useSetActiveCluster } from '../hooks/use-active-cluster';
import { useCluster, useClusterSnapshot } from '../hooks/use-cluster';
import { useClusterAuth } from '../hooks/use-cluster-auth';
import { useClusterConnection } from '../hooks/use-cluster-connection';
import { useClusterHealth } from '../hooks/use-cluster-health';
import { useClusterMetadata } from '../hooks/use-cluster-metadata';
import { useClusters } from '../hooks/use-clusters';
import { useFleetClient } from '../hooks/use-fleet-client';
import { useFleetLink } from '../hooks/use-fleet-link';
import { useNow } from '../hooks/use-now';
import { FlotillaProvider, useFlotillaRuntime } from '../provider/FlotillaProvider';
import { fixtureFleet, START } from './render';
import type { ReactNode } from 'react';

function setup(
  options: Parameters<typeof fixtureFleet>[0] = { clusters: [{ id: 'a' }, { id: 'b', name: 'bee' }] },
) {
  const { fleet, clock } = fixtureFleet(options);
  const wrapper = ({ children }: { children: ReactNode }) => (
    <FlotillaProvider client={fleet} clock={clock}>
      {children}
    </FlotillaProvider>
  );
  return { fleet, clock, wrapper };
}

describe('provider and fleet hooks', () => {
  it('hands out the client and says clearly when the provider is missing', () => {
    const { fleet, wrapper } = setup();
    expect(renderHook(() => useFleetClient(), { wrapper }).result.current).toBe(fleet);
    expect(() => renderHook(() => useClusters())).toThrow(/inside <FlotillaProvider/);
  });

  it('follows clusters joining and leaving', () => {
    const { fleet, wrapper } = setup();
    const { result } = renderHook(() => useClusters().map((c) => c.clusterId), { wrapper });
    expect(result.current).toEqual(['a', 'b']);
    act(() => void fleet.addCluster({ id: 'c' }));
    expect(result.current).toEqual(['a', 'b', 'c']);
    act(() => fleet.removeCluster('a'));
    expect(result.current).toEqual(['b', 'c']);
  });

  it('reads and sets the active cluster; nothing is active with two clusters', async () => {
    const { fleet, wrapper } = setup();
    const { result } = renderHook(
      () => ({ id: useActiveClusterId(), cluster: useActiveCluster(), set: useSetActiveCluster() }),
      { wrapper },
    );
    expect(result.current.id).toBeNull();
    expect(result.current.cluster).toBeNull();
    await act(() => result.current.set('b'));
    expect(result.current.cluster?.clusterName).toBe('bee');
    expect(fleet.calls.clusters('setActive')).toEqual(['b']);
    await expect(result.current.set('ghost')).rejects.toMatchObject({ kind: 'unknown-cluster' });
    expect(result.current.id).toBe('b');
  });

  it('hands out one runtime per provider: the client, its clock and a memory preference store by default', () => {
    const { fleet, clock, wrapper } = setup();
    const { result, rerender } = renderHook(() => useFlotillaRuntime(), { wrapper });
    const runtime = result.current;
    expect(runtime.client).toBe(fleet);
    expect(runtime.clock).toBe(clock);
    runtime.clusterPreferences.forCluster('a').set('pods:filter', 'web');
    rerender();
    expect(result.current).toBe(runtime);
    expect(result.current.preferences.get('pods:filter:a')).toBe('web');
  });

  it('reports the link to the fleet', () => {
    const { fleet, wrapper } = setup();
    const { result } = renderHook(() => useFleetLink(), { wrapper });
    expect(result.current.state).toBe('open');
    act(() => fleet.setLink({ state: 'reconnecting', nextRetryAt: START + 2000, reason: 'socket closed' }));
    expect(result.current).toEqual({
      state: 'reconnecting',
      nextRetryAt: START + 2000,
      reason: 'socket closed',
    });
  });
});

describe('per-cluster hooks', () => {
  it('answer an unknown id with an unknown-cluster state and pick the cluster up once it joins', () => {
    const { fleet, wrapper } = setup();
    const { result } = renderHook(
      () => [
        useCluster('late'),
        useClusterHealth('late'),
        useClusterAuth('late'),
        useClusterConnection('late'),
        useClusterMetadata('late'),
      ],
      { wrapper },
    );
    for (const lookup of result.current)
      expect(lookup).toEqual({ status: 'unknown-cluster', clusterId: 'late' });
    act(() => void fleet.addCluster({ id: 'late', name: 'Late' }));
    for (const lookup of result.current)
      expect(lookup).toMatchObject({ status: 'known', clusterId: 'late', clusterName: 'Late' });
  });

  it('useClusterSnapshot gives the raw snapshot, undefined for an unknown id, unchanged by other clusters', () => {
    const { fleet, wrapper } = setup();
    const { result } = renderHook(() => [useClusterSnapshot('b'), useClusterSnapshot('ghost')] as const, {
      wrapper,
    });
    const [first, ghost] = result.current;
    expect(first).toMatchObject({ clusterId: 'b', clusterName: 'bee' });
    expect(ghost).toBeUndefined();
    act(() => void fleet.setHealth('a', 'degraded'));
    expect(result.current[0]).toBe(first);
    act(() => void fleet.setHealth('b', 'degraded'));
    expect(result.current[0]).toMatchObject({ clusterId: 'b', health: 'degraded' });
  });

  it('keep their answer referentially stable while the cluster does not change', () => {
    const { fleet, wrapper } = setup();
    const { result, rerender } = renderHook(() => useClusterHealth('a'), { wrapper });
    const first = result.current;
    rerender();
    act(() => void fleet.setHealth('b', 'degraded'));
    expect(result.current).toBe(first);
    act(() => void fleet.setHealth('a', 'degraded', '/readyz timed out'));
    expect(result.current).not.toBe(first);
    expect(result.current).toMatchObject({
      health: 'degraded',
      summary: { label: 'Degraded', tone: 'warning' },
    });
  });

  it('show auth recovery progress and retry only their own cluster', async () => {
    const { fleet, wrapper } = setup();
    act(() => {
      fleet.failAuth('a', { reason: 'token expired', retryInMs: 30_000 });
      fleet.failAuth('b', { reason: 'token expired' });
    });
    const { result } = renderHook(() => useClusterAuth('a'), { wrapper });
    expect(result.current).toMatchObject({
      status: 'known',
      state: 'invalid',
      reason: 'token expired',
      attempt: 4,
      maxAttempts: 4,
      nextRetryAt: START + 30_000,
      failureClass: 'auth',
    });
    if (result.current.status !== 'known') throw new Error('expected a known cluster');
    await act(() => (result.current as { retry(): Promise<void> }).retry());
    expect(fleet.calls.clusters('retryAuth')).toEqual(['a']);
    expect(result.current).toMatchObject({ state: 'recovering', attempt: 1 });
    expect(fleet.getCluster('b')?.auth).toBe('invalid');
  });

  it('expose connection state with connect and disconnect for that cluster', async () => {
    const { fleet, wrapper } = setup();
    const { result } = renderHook(() => useClusterConnection('b'), { wrapper });
    expect(result.current).toMatchObject({ state: 'connected', latency: { samples: 0 } });
    await act(() => (result.current as { disconnect(): Promise<void> }).disconnect());
    expect(result.current).toMatchObject({ state: 'disconnected' });
    expect(fleet.calls.clusters('disconnect')).toEqual(['b']);
    expect(fleet.getCluster('a')?.connection).toBe('connected');
  });

  it('read metadata as the cluster reported it', () => {
    const { wrapper } = setup({
      clusters: [{ id: 'os', metadata: { platform: 'openshift', openshiftVersion: '4.16.9', nodes: null } }],
    });
    const { result } = renderHook(() => useClusterMetadata('os'), { wrapper });
    expect(result.current).toMatchObject({ platform: 'openshift', openshiftVersion: '4.16.9', nodes: null });
  });
});

describe('useNow', () => {
  it('ticks on the provider clock until the countdown target, then stops', () => {
    const { clock, wrapper } = setup();
    const { result } = renderHook(() => useNow(START + 2500), { wrapper });
    act(() => clock.advance(0));
    expect(result.current).toBe(START);
    act(() => clock.advance(500));
    expect(result.current).toBe(START + 500);
    act(() => clock.advance(1000));
    expect(result.current).toBe(START + 1500);
    act(() => clock.advance(5000));
    expect(result.current).toBe(START + 2500);
    expect(clock.pendingTimers).toBe(0);
  });
});
