import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot } from '../../cluster-state';
import { resourceDistribution } from '../../comparison/distribution';
import { compareAcrossClusters, diffObjects, MISSING } from '../../comparison/object-diff';
import { versionSkew } from '../../comparison/version-skew';
import type { KubeObjectLike } from '../../fleet-store/types';
import { authError, newStore, pod } from './fixtures';

const deployment = (name: string, replicas: number, ready: number): KubeObjectLike => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'shop', resourceVersion: '1' },
  spec: { replicas },
  status: { readyReplicas: ready },
});

describe('resourceDistribution', () => {
  it('counts kind × cluster with pod phases and ready workloads, and never shows an error as zero', () => {
    const { store } = newStore();
    store.replace('a', 'alpha', 'Pod', [pod({ name: 'p1' }), pod({ name: 'p2', phase: 'Pending' })]);
    store.replace('a', 'alpha', 'apps/Deployment', [deployment('web', 2, 2), deployment('api', 3, 1)]);
    store.setSyncState('b', 'beta', 'Pod', 'error', authError('b'));
    const distribution = resourceDistribution(store);
    expect(distribution.partial).toBe(true);
    const pods = distribution.kinds.find((kind) => kind.kind === 'Pod');
    expect(pods?.cells).toEqual([
      { clusterId: 'a', clusterName: 'alpha', status: 'ok', count: 2, breakdown: { Running: 1, Pending: 1 } },
      {
        clusterId: 'b',
        clusterName: 'beta',
        status: 'error',
        count: 0,
        breakdown: {},
        error: authError('b'),
      },
    ]);
    const deployments = distribution.kinds.find((kind) => kind.kind === 'apps/Deployment');
    expect(deployments?.cells.find((cell) => cell.clusterId === 'a')?.breakdown).toEqual({
      ready: 1,
      'not ready': 1,
    });
    expect(deployments?.cells.find((cell) => cell.clusterId === 'b')?.status).toBe('syncing');
  });
});

describe('diffObjects', () => {
  const base = (cluster: string, image: string): KubeObjectLike => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'shop',
      uid: `uid-${cluster}`,
      resourceVersion: cluster === 'a' ? '10' : '99',
      creationTimestamp: `2025-0${cluster === 'a' ? 1 : 2}-01T00:00:00Z`,
      generation: cluster === 'a' ? 1 : 7,
      managedFields: [{ manager: cluster }],
      labels: { app: 'web' },
      annotations: { 'deployment.kubernetes.io/revision': cluster, owner: 'team-x' },
      ownerReferences: [{ kind: 'X', name: 'x', uid: `owner-${cluster}` }],
    },
    spec: {
      replicas: 2,
      template: {
        spec: {
          containers: [
            { name: 'sidecar', image: 'envoy:1' },
            { name: 'web', image },
          ],
        },
      },
    },
    status: { readyReplicas: cluster === 'a' ? 2 : 0 },
  });

  it('ignores server-managed fields and status, matches list items by name', () => {
    expect(diffObjects({ a: base('a', 'web:1'), b: base('b', 'web:1') })).toEqual([]);
    expect(diffObjects({ a: base('a', 'web:1'), b: base('b', 'web:2') })).toEqual([
      { path: 'spec.template.spec.containers[name=web].image', values: { a: 'web:1', b: 'web:2' } },
    ]);
  });

  it('marks paths a cluster lacks as MISSING, quotes odd keys, and can include status', () => {
    const a = base('a', 'web:1');
    const b = base('b', 'web:1');
    (b.metadata.labels as Record<string, string>)['app.kubernetes.io/part-of'] = 'shop';
    delete (b['spec'] as Record<string, unknown>)['replicas'];
    expect(diffObjects({ a, b })).toEqual([
      { path: 'metadata.labels["app.kubernetes.io/part-of"]', values: { a: MISSING, b: 'shop' } },
      { path: 'spec.replicas', values: { a: 2, b: MISSING } },
    ]);
    expect(
      diffObjects({ a, b }, { includeStatus: true, ignorePaths: [] }).map((entry) => entry.path),
    ).toEqual(
      expect.arrayContaining([
        'metadata.uid',
        'status.readyReplicas',
        'metadata.ownerReferences[name=x].uid',
      ]),
    );
  });

  it('compares positional lists by index', () => {
    const a = { ...pod({ name: 'p' }), spec: { args: ['--x', '--y'] } };
    const b = { ...pod({ name: 'p' }), spec: { args: ['--x'] } };
    expect(diffObjects({ a, b })).toEqual([{ path: 'spec.args[1]', values: { a: '--y', b: MISSING } }]);
  });

  it('compares one object across the clusters of a store, with each cluster status', () => {
    const { store } = newStore();
    store.replace('a', 'alpha', 'apps/Deployment', [base('a', 'web:1')]);
    store.replace('b', 'beta', 'apps/Deployment', [base('b', 'web:2')]);
    store.setSyncState('c', 'gamma', 'apps/Deployment', 'error', authError('c'));
    const comparison = compareAcrossClusters(store, 'apps/Deployment', { namespace: 'shop', name: 'web' });
    expect(comparison.partial).toBe(true);
    expect(comparison.clusters.map((c) => [c.clusterId, c.present, c.status])).toEqual([
      ['a', true, 'ok'],
      ['b', true, 'ok'],
      ['c', false, 'error'],
    ]);
    const image = comparison.diff.find((entry) => entry.path.endsWith('[name=web].image'));
    expect(image?.values).toEqual({ a: 'web:1', b: 'web:2', c: MISSING });
  });
});

describe('versionSkew', () => {
  const snapshot = (
    clusterId: string,
    kubernetesVersion: string | null,
    openshiftVersion: string | null = null,
  ): ClusterSnapshot => ({
    clusterId,
    clusterName: clusterId.toUpperCase(),
    source: { type: 'manual', server: `https://${clusterId}` },
    connection: 'connected',
    auth: 'valid',
    health: 'healthy',
    lastSeen: null,
    latency: { lastMs: null, p50Ms: null, p95Ms: null, samples: 0 },
    lastError: null,
    authRecovery: null,
    metadata: {
      server: `https://${clusterId}`,
      insecureSkipTLSVerify: false,
      kubernetesVersion,
      platform: openshiftVersion ? 'openshift' : 'kubernetes',
      openshiftVersion,
      nodes: null,
      allocatable: null,
      pods: null,
    },
  });

  it('lines up versions and served APIs and flags the skew', () => {
    const matrix = versionSkew(
      [snapshot('a', 'v1.31.4'), snapshot('b', 'v1.29.2+k3s1', '4.16.9'), snapshot('c', null)],
      { apiVersions: { a: ['v1', 'apps/v1', 'batch/v1'], b: ['v1', 'apps/v1', 'batch/v1beta1'] } },
    );
    expect(matrix.kubernetesVersions).toEqual(['v1.29.2+k3s1', 'v1.31.4']);
    expect(matrix.minorSkew).toBe(2);
    expect(matrix.clusters.map((row) => [row.clusterId, row.minor, row.behind, row.platform])).toEqual([
      ['a', 31, false, 'kubernetes'],
      ['b', 29, true, 'openshift'],
      ['c', null, false, 'kubernetes'],
    ]);
    expect(matrix.openshiftVersions).toEqual(['4.16.9']);
    expect(matrix.unknown).toEqual(['c']);
    expect(matrix.apis).toEqual([
      { groupVersion: 'apps/v1', servedBy: { a: true, b: true, c: null }, skewed: false },
      { groupVersion: 'batch/v1', servedBy: { a: true, b: false, c: null }, skewed: true },
      { groupVersion: 'batch/v1beta1', servedBy: { a: false, b: true, c: null }, skewed: true },
      { groupVersion: 'v1', servedBy: { a: true, b: true, c: null }, skewed: false },
    ]);
    expect(matrix.skewed).toBe(true);
  });

  it('reports no skew for a fleet in step', () => {
    const matrix = versionSkew([snapshot('a', 'v1.31.4'), snapshot('b', 'v1.31.4')]);
    expect(matrix).toMatchObject({ skewed: false, minorSkew: 0, apis: [], unknown: [] });
  });
});
