import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { useClusterComparison } from '../hooks/use-cluster-comparison';
import { useDrainJobs } from '../hooks/use-drain-jobs';
import { useFleetResources } from '../hooks/use-fleet-resources';
import { usePermissions } from '../hooks/use-permissions';
import { usePodLogs } from '../hooks/use-pod-logs';
import { FlotillaProvider } from '../provider/FlotillaProvider';
import { fixtureFleet } from './render';

const pod = (name: string, phase = 'Running') => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  status: { phase },
});

function setup() {
  const { fleet, clock } = fixtureFleet({ clusters: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] });
  fleet.setResources('a', 'pods', [pod('web-1'), pod('web-2')]);
  fleet.setResources('b', 'pods', [pod('web-1', 'Pending')]);
  fleet.failResources('c', 'pods', { kind: 'authz', status: 403, message: 'pods is forbidden' });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <FlotillaProvider client={fleet} clock={clock}>
      {children}
    </FlotillaProvider>
  );
  return { fleet, wrapper };
}

describe('useFleetResources', () => {
  it('is disabled by a null query and watches nothing', () => {
    const { fleet, wrapper } = setup();
    const { result } = renderHook(() => useFleetResources(null), { wrapper });
    expect(result.current).toMatchObject({
      enabled: false,
      items: [],
      clusters: [],
      partial: false,
      loaded: false,
    });
    expect(fleet.calls.to('resources')).toHaveLength(0);
    expect(fleet.openViews).toEqual([]);
  });

  it('returns merged items and one status per cluster, partial when one failed', () => {
    const { wrapper } = setup();
    const { result } = renderHook(() => useFleetResources({ kind: 'pods' }), { wrapper });
    expect(result.current.enabled).toBe(true);
    expect(result.current.items.map((i) => `${i.clusterId}/${i.object.metadata.name}`)).toEqual([
      'a/web-1',
      'a/web-2',
      'b/web-1',
    ]);
    expect(result.current.byCluster['a']).toMatchObject({ status: 'ok', count: 2 });
    expect(result.current.byCluster['c']).toMatchObject({
      status: 'error',
      count: 0,
      error: { kind: 'authz', clusterId: 'c' },
    });
    expect(result.current.partial).toBe(true);
    expect(result.current.loaded).toBe(true);
  });

  it('creates one view for an inline query across renders and releases it on unmount', () => {
    const { fleet, wrapper } = setup();
    const { rerender, unmount } = renderHook(
      ({ ns }) => useFleetResources({ kind: 'pods', namespace: ns, clusters: ['a', 'b'] }),
      { wrapper, initialProps: { ns: 'default' } },
    );
    rerender({ ns: 'default' });
    rerender({ ns: 'default' });
    expect(fleet.calls.to('resources')).toHaveLength(1);
    expect(fleet.openViews).toEqual(['resources Pod']);
    rerender({ ns: 'kube-system' });
    expect(fleet.calls.to('resources')).toHaveLength(2);
    expect(fleet.openViews).toEqual(['resources Pod']);
    unmount();
    expect(fleet.openViews).toEqual([]);
  });

  it('treats queries with the same content in another key order as the same view', () => {
    const { fleet, wrapper } = setup();
    const { rerender } = renderHook(({ q }) => useFleetResources(q), {
      wrapper,
      initialProps: { q: { kind: 'pods', namespace: 'default' } as { kind: string; namespace: string } },
    });
    rerender({ q: { namespace: 'default', kind: 'pods' } });
    expect(fleet.calls.to('resources')).toHaveLength(1);
  });

  it('hands clusters, namespace and labelSelector to the client and shows only what matches', () => {
    const { fleet, wrapper } = setup();
    act(() =>
      fleet.setResources('b', 'pods', [
        { ...pod('api-1'), metadata: { name: 'api-1', namespace: 'shop', labels: { app: 'api' } } },
        { ...pod('api-2'), metadata: { name: 'api-2', namespace: 'shop', labels: { app: 'web' } } },
        { ...pod('api-3'), metadata: { name: 'api-3', namespace: 'default', labels: { app: 'api' } } },
      ]),
    );
    const query = { kind: 'pods', clusters: ['b', 'c'], namespace: 'shop', labelSelector: 'app=api' };
    const { result } = renderHook(() => useFleetResources(query), { wrapper });
    expect(fleet.calls.to('resources').map((call) => call.args[0])).toEqual([query]);
    expect(result.current.items.map((i) => `${i.clusterId}/${i.object.metadata.name}`)).toEqual(['b/api-1']);
    expect(result.current.clusters.map((c) => [c.clusterId, c.status, c.count])).toEqual([
      ['b', 'ok', 1],
      ['c', 'error', 0],
    ]);
    expect(result.current.byCluster['a']).toBeUndefined();
  });

  it('re-renders with new data when a cluster’s objects change', () => {
    const { fleet, wrapper } = setup();
    const { result } = renderHook(() => useFleetResources({ kind: 'po', clusters: ['b'] }), { wrapper });
    expect(result.current.items).toHaveLength(1);
    act(() => fleet.upsertResource('b', 'pods', pod('web-9')));
    expect(result.current.items.map((i) => i.object.metadata.name)).toEqual(['web-1', 'web-9']);
  });
});

describe('view hooks', () => {
  it('useClusterComparison returns the distribution and version skew, null when disabled', () => {
    const { wrapper } = setup();
    const { result, rerender } = renderHook(({ on }) => useClusterComparison(on ? { kind: 'pods' } : null), {
      wrapper,
      initialProps: { on: false },
    });
    expect(result.current).toBeNull();
    rerender({ on: true });
    const cells = result.current?.distribution.map((cell) => [cell.clusterId, cell.status, cell.breakdown]);
    expect(cells).toEqual([
      ['a', 'ok', { Running: 2 }],
      ['b', 'ok', { Pending: 1 }],
      ['c', 'error', {}],
    ]);
    expect(result.current?.partial).toBe(true);
  });

  it('usePermissions answers per cluster', () => {
    const { fleet, wrapper } = setup();
    fleet.setPermission('b', { verb: 'delete', resource: 'pods' }, false);
    const { result } = renderHook(() => usePermissions({ verb: 'delete', resource: 'pods' }), { wrapper });
    expect(result.current?.allowed).toEqual({ a: true, b: false, c: true });
  });

  it('useDrainJobs lists jobs of one cluster, never another’s same-named node', async () => {
    const { fleet, wrapper } = setup();
    const { result } = renderHook(() => useDrainJobs({ clusterId: 'b' }), { wrapper });
    expect(result.current).toEqual([]);
    await act(async () => {
      await fleet.actions.drain('a', 'worker-1');
      await fleet.actions.drain('b', 'worker-1');
    });
    expect(result.current.map((job) => [job.clusterId, job.node, job.phase])).toEqual([
      ['b', 'worker-1', 'cordoning'],
    ]);
  });

  it('usePodLogs streams one pod’s lines, and opens nothing for an unknown cluster', () => {
    const { fleet, wrapper } = setup();
    const { result } = renderHook(() => usePodLogs('a', { namespace: 'default', pod: 'web-1' }), { wrapper });
    act(() => fleet.appendPodLog('a', 'default', 'web-1', 'started', 'listening on :8080'));
    expect(result.current).toMatchObject({
      clusterId: 'a',
      status: 'streaming',
      lines: ['started', 'listening on :8080'],
    });

    const unknown = renderHook(() => usePodLogs('ghost', { namespace: 'default', pod: 'web-1' }), {
      wrapper,
    });
    expect(unknown.result.current).toEqual({ status: 'unknown-cluster', clusterId: 'ghost' });
    expect(fleet.calls.clusters('podLogs')).toEqual(['a']);
    const disabled = renderHook(() => usePodLogs('a', null), { wrapper });
    expect(disabled.result.current).toBeNull();
  });
});
