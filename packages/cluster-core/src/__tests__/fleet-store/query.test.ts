import { describe, expect, it } from 'vitest';
import type { FleetStore } from '../../fleet-store/fleet-store';
import type { FleetQuery } from '../../fleet-store/query';
import { authError, newStore, pod } from './fixtures';

function seeded(): FleetStore {
  const { store } = newStore();
  store.replace('a', 'alpha', 'Pod', [
    pod({
      name: 'web-1',
      namespace: 'shop',
      labels: { app: 'web', tier: 'front' },
      created: '2025-01-03T00:00:00Z',
    }),
    pod({ name: 'api-1', namespace: 'shop', labels: { app: 'api' }, created: '2025-01-01T00:00:00Z' }),
    pod({ name: 'db-0', namespace: 'data', labels: { app: 'db' }, phase: 'Pending' }),
  ]);
  store.replace('b', 'beta', 'Pod', [
    pod({
      name: 'web-1',
      namespace: 'shop',
      labels: { app: 'web', tier: 'front' },
      created: '2025-01-02T00:00:00Z',
    }),
    pod({ name: 'cache-0', namespace: 'data', labels: { app: 'cache', tier: 'back' } }),
  ]);
  store.replace('c', 'gamma', 'Pod', [pod({ name: 'web-1', namespace: 'shop', labels: { app: 'web' } })]);
  return store;
}

const keys = (store: FleetStore, query: Omit<FleetQuery, 'kind'>) =>
  store
    .query({ kind: 'Pod', ...query })
    .items.map((item) => `${item.clusterId}:${item.object.metadata.name}`);

describe('queries', () => {
  it('filters by cluster ids, cluster labels and cluster predicates', () => {
    const store = seeded();
    expect(keys(store, { clusters: ['b'] })).toEqual(['b:cache-0', 'b:web-1']);
    const labels = { a: { env: 'prod' }, b: { env: 'dev' }, c: { env: 'prod' } };
    expect(
      keys(store, { clusterSelector: { labels, selector: 'env=prod' }, labelSelector: 'app=web' }),
    ).toEqual(['a:web-1', 'c:web-1']);
    const asMap = new Map(Object.entries(labels));
    expect(
      store
        .query({ kind: 'Pod', clusterSelector: { labels: asMap, selector: 'env!=prod' } })
        .clusters.map((c) => c.clusterId),
    ).toEqual(['b']);
    expect(keys(store, { clusterFilter: (ref) => ref.clusterName.startsWith('g') })).toEqual(['c:web-1']);
  });

  it('filters by namespaces, label selector, field predicates and free text', () => {
    const store = seeded();
    expect(keys(store, { namespaces: ['data'] })).toEqual(['b:cache-0', 'a:db-0']);
    expect(keys(store, { labelSelector: 'tier in (front,back),app!=web' })).toEqual(['b:cache-0']);
    expect(keys(store, { labelSelector: '!tier', namespaces: ['shop'] })).toEqual(['a:api-1', 'c:web-1']);
    expect(
      keys(store, { where: (item) => (item.object['status'] as { phase: string }).phase === 'Pending' }),
    ).toEqual(['a:db-0']);
    expect(
      keys(store, { where: [(item) => item.clusterId !== 'a', (item) => item.clusterId !== 'c'] }),
    ).toEqual(['b:cache-0', 'b:web-1']);
    expect(keys(store, { text: 'CACHE' })).toEqual(['b:cache-0']);
    expect(keys(store, { text: 'data' })).toEqual(['b:cache-0', 'a:db-0']);
    expect(keys(store, { text: 'back' })).toEqual(['b:cache-0']);
    expect(keys(store, { text: 'tier' })).toEqual(['b:cache-0', 'a:web-1', 'b:web-1']);
  });

  it('counts per cluster only what matched', () => {
    const result = seeded().query({ kind: 'Pod', labelSelector: 'app=web' });
    expect(result.clusters.map((c) => [c.clusterId, c.status, c.count])).toEqual([
      ['a', 'ok', 1],
      ['b', 'ok', 1],
      ['c', 'ok', 1],
    ]);
    expect(result.partial).toBe(false);
  });

  it('sorts by name, namespace, cluster, creation time, descending, or a comparator', () => {
    const store = seeded();
    // Equal timestamps fall back to namespace, name, cluster.
    expect(keys(store, { namespaces: ['shop'], sort: 'creationTimestamp' })).toEqual([
      'a:api-1',
      'c:web-1',
      'b:web-1',
      'a:web-1',
    ]);
    expect(
      keys(store, { namespaces: ['shop'], sort: { by: 'creationTimestamp', direction: 'desc' } }),
    ).toEqual(['a:web-1', 'b:web-1', 'a:api-1', 'c:web-1']);
    expect(keys(store, { sort: 'namespace' })).toEqual([
      'b:cache-0',
      'a:db-0',
      'a:api-1',
      'a:web-1',
      'b:web-1',
      'c:web-1',
    ]);
    expect(keys(store, { sort: { by: 'cluster', direction: 'desc' } })[0]).toBe('c:web-1');
    expect(
      keys(store, { sort: (x, y) => x.object.metadata.name.length - y.object.metadata.name.length })[0],
    ).toBe('a:db-0');
  });

  it('groups by cluster, namespace or a label key', () => {
    const store = seeded();
    const byCluster = store.query({ kind: 'Pod', groupBy: 'cluster' }).groups ?? [];
    expect(byCluster.map((g) => [g.key, g.label, g.items.length])).toEqual([
      ['a', 'alpha', 3],
      ['b', 'beta', 2],
      ['c', 'gamma', 1],
    ]);
    const byNamespace = store.query({ kind: 'Pod', groupBy: 'namespace' }).groups ?? [];
    expect(byNamespace.map((g) => [g.key, g.items.length])).toEqual([
      ['data', 2],
      ['shop', 4],
    ]);
    const byTier = store.query({ kind: 'Pod', groupBy: { label: 'tier' } }).groups ?? [];
    expect(byTier.map((g) => [g.key, g.items.length])).toEqual([
      ['back', 1],
      ['front', 2],
      [null, 3],
    ]);
  });

  it('keeps failed clusters in the result with their error and marks it partial', () => {
    const store = seeded();
    store.setSyncState('b', 'beta', 'Pod', 'error', authError('b'));
    const result = store.query({ kind: 'Pod', labelSelector: 'app=web' });
    expect(result.partial).toBe(true);
    expect(result.clusters.find((c) => c.clusterId === 'b')).toMatchObject({
      status: 'error',
      error: authError('b'),
    });
    store.replace('b', 'beta', 'Pod', []);
    const recovered = store.query({ kind: 'Pod', clusters: ['b'] });
    expect(recovered.clusters[0]).toMatchObject({ status: 'ok', count: 0 });
    expect(recovered.clusters[0]?.error).toBeUndefined();
  });

  it('can skip sorting', () => {
    expect(seeded().query({ kind: 'Pod', sort: false }).items).toHaveLength(6);
  });
});
