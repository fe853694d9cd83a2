import { generateWorkload } from '@flotilla/cluster-testkit';
import { describe, expect, it } from 'vitest';
import { FleetStore } from '../../fleet-store/fleet-store';
import { createProjection, identityProjection } from '../../fleet-store/projection';
import { microtaskScheduler } from '../../fleet-store/scheduler';
import { kindKey, kindKeyOf, type KubeObjectLike } from '../../fleet-store/types';
import { authError, newStore, pod } from './fixtures';

describe('FleetStore keys and origin', () => {
  it('keeps same-named objects of different clusters, kinds and namespaces apart', () => {
    const { store } = newStore();
    store.upsert('a', 'alpha', 'Pod', pod({ name: 'web' }));
    store.upsert('b', 'beta', 'Pod', pod({ name: 'web' }));
    store.upsert('a', 'alpha', 'Pod', pod({ name: 'web', namespace: 'other' }));
    store.upsert('a', 'alpha', 'apps/Deployment', { ...pod({ name: 'web' }), apiVersion: 'apps/v1' });
    expect(store.get('a', 'Pod', { namespace: 'default', name: 'web' })).toMatchObject({
      clusterId: 'a',
      clusterName: 'alpha',
      kind: 'Pod',
    });
    expect(store.get('b', 'Pod', { namespace: 'default', name: 'web' })?.clusterName).toBe('beta');
    expect(store.query({ kind: 'Pod' }).items).toHaveLength(3);
    expect(store.query({ kind: 'apps/Deployment' }).items).toHaveLength(1);
  });

  it('derives kind keys from apiVersion', () => {
    expect(kindKey('v1', 'Pod')).toBe('Pod');
    expect(kindKey('apps/v1', 'Deployment')).toBe('apps/Deployment');
    expect(kindKeyOf({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' } })).toBe('batch/Job');
  });

  it('ingests a realistic workload from the testkit', () => {
    const { store } = newStore();
    const objects = generateWorkload({ seed: 3, clusterName: 'alpha', pods: 40, namespaces: 4, nodes: 3 });
    for (const object of objects) store.upsert('a', 'alpha', kindKeyOf(object), object);
    const pods = store.query({ kind: 'Pod' });
    expect(pods.items).toHaveLength(40);
    expect(store.kinds('a')).toEqual(expect.arrayContaining(['Pod', 'apps/Deployment', 'Node', 'Namespace']));
    expect(pods.items.every((item) => item.clusterId === 'a' && item.clusterName === 'alpha')).toBe(true);
  });

  it('renames a cluster everywhere when its name changes', () => {
    const { store } = newStore();
    store.upsert('a', 'alpha', 'Pod', pod({ name: 'web', labels: { app: 'web' } }));
    store.upsert('a', 'alpha-2', 'Pod', pod({ name: 'api' }));
    const result = store.query({ kind: 'Pod', labelSelector: 'app=web' });
    expect(result.items.map((item) => item.clusterName)).toEqual(['alpha-2']);
    expect(result.clusters[0]?.clusterName).toBe('alpha-2');
  });
});

describe('projection', () => {
  const heavy = (): KubeObjectLike =>
    pod({
      name: 'web',
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"big":true}', team: 'x' },
      extra: {},
    });

  it('drops managedFields and last-applied-configuration by default without touching the input', () => {
    const { store } = newStore();
    const input = heavy();
    input.metadata.managedFields = [{ manager: 'kubectl' }];
    store.upsert('a', 'alpha', 'Pod', input);
    const stored = store.get('a', 'Pod', { namespace: 'default', name: 'web' })?.object;
    expect(stored?.metadata.managedFields).toBeUndefined();
    expect(stored?.metadata.annotations).toEqual({ team: 'x' });
    expect(input.metadata.managedFields).toHaveLength(1);
    expect(input.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toBeDefined();
  });

  it('stores an object with nothing to drop as it is (no copy)', () => {
    const { store } = newStore();
    const input = pod({ name: 'lean' });
    store.upsert('a', 'alpha', 'Pod', input);
    expect(store.get('a', 'Pod', { namespace: 'default', name: 'lean' })?.object).toBe(input);
  });

  it('is configurable', () => {
    const keepAll = new FleetStore({ projection: identityProjection, scheduler: microtaskScheduler });
    const custom = new FleetStore({
      projection: createProjection({ keepManagedFields: true, dropAnnotations: ['team'] }),
      scheduler: microtaskScheduler,
    });
    const input = heavy();
    input.metadata.managedFields = [{ manager: 'kubectl' }];
    keepAll.upsert('a', 'alpha', 'Pod', input);
    custom.upsert('a', 'alpha', 'Pod', input);
    expect(keepAll.get('a', 'Pod', { namespace: 'default', name: 'web' })?.object).toBe(input);
    const projected = custom.get('a', 'Pod', { namespace: 'default', name: 'web' })?.object;
    expect(projected?.metadata.managedFields).toHaveLength(1);
    expect(Object.keys(projected?.metadata.annotations ?? {})).toEqual([
      'kubectl.kubernetes.io/last-applied-configuration',
    ]);
  });
});

describe('writes', () => {
  it('replace reports deltas and keeps unchanged items identical', () => {
    const { store } = newStore();
    expect(store.replace('a', 'alpha', 'Pod', [pod({ name: 'p1' }), pod({ name: 'p2' })])).toEqual({
      added: 2,
      updated: 0,
      removed: 0,
    });
    const p1 = store.get('a', 'Pod', { namespace: 'default', name: 'p1' });
    const result = store.replace('a', 'alpha', 'Pod', [pod({ name: 'p1' }), pod({ name: 'p3', rv: '2' })]);
    expect(result).toEqual({ added: 1, updated: 0, removed: 1 });
    expect(store.get('a', 'Pod', { namespace: 'default', name: 'p1' })).toBe(p1);
    expect(store.get('a', 'Pod', { namespace: 'default', name: 'p2' })).toBeUndefined();
    expect(store.replace('a', 'alpha', 'Pod', [pod({ name: 'p1', rv: '9' })])).toEqual({
      added: 0,
      updated: 1,
      removed: 1,
    });
  });

  it('upsert ignores a resourceVersion it already holds; remove reports whether it removed', () => {
    const { store } = newStore();
    expect(store.upsert('a', 'alpha', 'Pod', pod({ name: 'p', rv: '5' }))).toBe(true);
    expect(store.upsert('a', 'alpha', 'Pod', pod({ name: 'p', rv: '5' }))).toBe(false);
    expect(store.upsert('a', 'alpha', 'Pod', pod({ name: 'p', rv: '6' }))).toBe(true);
    expect(store.remove('a', 'Pod', { namespace: 'default', name: 'p' })).toBe(true);
    expect(store.remove('a', 'Pod', { namespace: 'default', name: 'p' })).toBe(false);
    expect(store.remove('zzz', 'Pod', { name: 'p' })).toBe(false);
  });

  it('keeps label indexes in step with updates and removals', () => {
    const { store } = newStore();
    store.upsert('a', 'alpha', 'Pod', pod({ name: 'p', labels: { app: 'web' } }));
    store.upsert('a', 'alpha', 'Pod', pod({ name: 'q', labels: { app: 'web' } }));
    store.upsert('a', 'alpha', 'Pod', pod({ name: 'p', rv: '2', labels: { app: 'api' } }));
    const names = (selector: string) =>
      store.query({ kind: 'Pod', labelSelector: selector }).items.map((item) => item.object.metadata.name);
    expect(names('app=web')).toEqual(['q']);
    expect(names('app=api')).toEqual(['p']);
    store.remove('a', 'Pod', { namespace: 'default', name: 'q' });
    expect(names('app=web')).toEqual([]);
    expect(names('app in (web,api)')).toEqual(['p']);
  });

  it('removeCluster forgets objects and sync states of that cluster only', () => {
    const { store } = newStore();
    store.replace('a', 'alpha', 'Pod', [pod({ name: 'p' })]);
    store.replace('b', 'beta', 'Pod', [pod({ name: 'p' })]);
    expect(store.removeCluster('a')).toBe(true);
    expect(store.removeCluster('a')).toBe(false);
    const result = store.query({ kind: 'Pod' });
    expect(result.clusters.map((cluster) => cluster.clusterId)).toEqual(['b']);
    expect(result.items.map((item) => item.clusterId)).toEqual(['b']);
    expect(store.syncState('a', 'Pod')).toBeUndefined();
  });
});

describe('sync states', () => {
  it('reports syncing until a relist, then ok with its time', () => {
    const { store, clock } = newStore();
    store.upsert('a', 'alpha', 'Pod', pod({ name: 'p' }));
    expect(store.syncState('a', 'Pod')).toEqual({ state: 'syncing', since: 1_000 });
    clock.advance(500);
    store.replace('a', 'alpha', 'Pod', [pod({ name: 'p' })]);
    expect(store.syncState('a', 'Pod')).toEqual({ state: 'synced', since: 1_500 });
  });

  it('never reports a failed cluster as empty', () => {
    const { store } = newStore();
    store.replace('a', 'alpha', 'Pod', [pod({ name: 'p' })]);
    store.setSyncState('b', 'beta', 'Pod', 'error', authError('b'));
    const result = store.query({ kind: 'Pod' });
    expect(result.partial).toBe(true);
    expect(result.clusters).toEqual([
      { clusterId: 'a', clusterName: 'alpha', status: 'ok', count: 1, since: 1_000 },
      { clusterId: 'b', clusterName: 'beta', status: 'error', count: 0, since: 1_000, error: authError('b') },
    ]);
  });

  it('keeps the last known items of a cluster that went stale or failed, flagged', () => {
    const { store } = newStore();
    store.replace('a', 'alpha', 'Pod', [pod({ name: 'p' })]);
    store.setSyncState('a', 'alpha', 'Pod', 'stale');
    const result = store.query({ kind: 'Pod' });
    expect(result.items).toHaveLength(1);
    expect(result.clusters[0]).toMatchObject({ status: 'stale', count: 1 });
    expect(result.partial).toBe(true);
  });

  it('reports a cluster without this kind, or an unknown targeted one, as syncing (not ok and empty)', () => {
    const { store } = newStore();
    store.replace('a', 'alpha', 'Pod', [pod({ name: 'p' })]);
    store.replace('b', 'beta', 'apps/Deployment', []);
    const result = store.query({ kind: 'Pod', clusters: ['a', 'b', 'ghost'] });
    expect(result.clusters.map((c) => [c.clusterId, c.status, c.since])).toEqual([
      ['a', 'ok', 1_000],
      ['b', 'syncing', null],
      ['ghost', 'syncing', null],
    ]);
    expect(result.partial).toBe(true);
  });
});
