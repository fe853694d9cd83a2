/**
 * The snippets of docs/guides/automation.md, run against a simulated fleet whose third cluster has
 * lost its credentials. Each block mirrors a snippet of the guide; keep them in step.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ClusterManager,
  DrainJobStore,
  createFleet,
  createLocalFleetClient,
  isFlotillaError,
  type DrainJobSnapshot,
  type FleetOperations,
} from '@flotilla/cluster-core';
import { KubeconfigSync, writePrivateFileAtomic } from '@flotilla/cluster-core/node';
import { BUILTIN_RESOURCES, startSimulatedFleet, type SimulatedFleet } from '@flotilla/cluster-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let sim: SimulatedFleet;
let manager: ClusterManager;
let sync: KubeconfigSync;
let fleet: FleetOperations;
let clusterId: string;
let dir: string;

beforeAll(async () => {
  sim = await startSimulatedFleet({ clusters: 3, podsPerCluster: 30 });
  sim.cluster('sim-3').faults.revokeToken('admin');
  dir = await mkdtemp(join(tmpdir(), 'flotilla-automation-guide-'));

  // "Open the fleet"
  const sourceErrors: string[] = [];
  manager = new ClusterManager({ connect: 'manual' });
  sync = await KubeconfigSync.start(manager, {
    kubeconfig: sim.kubeconfigPath,
    onSourceErrors: (errors) => errors.forEach((e) => sourceErrors.push(`${e.source}: ${e.error.message}`)),
  });
  fleet = createFleet(manager, { timeoutMs: 15_000 });
  expect(sourceErrors).toEqual([]);
  expect(manager.list().map((s) => s.clusterId)).toEqual(
    ['sim-1', 'sim-2', 'sim-3'].map((name) => `${sim.kubeconfigPath}:${name}`),
  );
  clusterId = manager.list().find((session) => session.clusterName === 'sim-1')?.clusterId ?? '';
});

afterAll(async () => {
  sync?.close();
  manager?.dispose();
  await sim?.stop();
  await rm(dir, { recursive: true, force: true });
});

interface Pod {
  metadata: { name: string; namespace?: string };
  status?: { phase?: string };
}

describe('docs/guides/automation.md', () => {
  it('reads: one entry per cluster, failed never empty, partial', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const pods = await fleet.list<Pod>('po', { namespace: 'kube-system' });
    for (const { clusterName, object } of pods.items)
      out.push(`${clusterName} ${object.metadata.name} ${object.status?.phase}`);
    for (const entry of pods.entries) {
      if (entry.status === 'ok') continue;
      const why = entry.status === 'skipped' ? entry.reason : `${entry.error.kind}: ${entry.error.message}`;
      err.push(`${entry.clusterName} did not answer (${why})`);
    }
    const exitCode = pods.partial ? 3 : 0;

    expect(exitCode).toBe(3);
    expect(pods.entries.map((e) => [e.clusterName, e.status])).toEqual([
      ['sim-1', 'ok'],
      ['sim-2', 'ok'],
      ['sim-3', 'error'],
    ]);
    expect(new Set(pods.items.map((i) => i.clusterName))).toEqual(new Set(['sim-1', 'sim-2']));
    expect(out.length).toBeGreaterThan(0);
    expect(err).toEqual([expect.stringMatching(/^sim-3 did not answer \(auth: \[sim-3\] /)]);

    const api = await fleet.get<{ spec?: { replicas?: number } }>('deploy', 'coredns', {
      namespace: 'kube-system',
    });
    expect(api.entries.map((e) => e.status)).toEqual(['ok', 'ok', 'error']);
    const first = api.entries[0];
    expect(first?.status === 'ok' && first.value.spec?.replicas).toBeGreaterThan(0);
    const missing = await fleet.get('deploy', 'no-such-deployment', { namespace: 'kube-system' });
    expect(missing.entries.map((e) => (e.status === 'error' ? e.error.kind : e.status))).toEqual([
      'not-found',
      'not-found',
      'auth',
    ]);
    const versions = await fleet.request<{ gitVersion: string }>({ path: '/version' });
    // A presented but revoked token is refused even on /version, as a real API server does.
    expect(
      versions.entries.map((e) => (e.status === 'ok' ? e.value.gitVersion.slice(0, 1) : e.status)),
    ).toEqual(['v', 'v', 'error']);
    expect(() => fleet.request({ path: '/api/v1/pods', method: 'DELETE' as 'GET' })).toThrow(
      /explicit cluster/,
    );
  });

  it('chooses clusters, runs its own per-cluster work and cancels', async () => {
    const controller = new AbortController();
    const nodes = await fleet.run(
      { where: (cluster) => cluster.clusterName.startsWith('sim-') },
      async (session, signal) => {
        const response = await session.request<{ items: unknown[] }>({ path: '/api/v1/nodes', signal });
        return response.body.items.length;
      },
      { timeoutMs: 5_000, concurrency: 4, signal: controller.signal },
    );
    expect(nodes.entries.map((e) => (e.status === 'ok' ? e.value : e.status))).toEqual([3, 3, 'error']);

    const connected = await fleet.request({ path: '/version' }, { targets: 'connected' });
    expect(connected.entries.every((e) => e.status === 'skipped')).toBe(true);
    const byId = await fleet.request({ path: '/version' }, { targets: { ids: [clusterId, 'nope'] } });
    expect(byId.entries.map((e) => (e.status === 'error' ? e.error.kind : e.status))).toEqual([
      'ok',
      'unknown-cluster',
    ]);

    // sim-2 hangs; once the two others have finished, the caller gives up on it.
    const cancel = new AbortController();
    sim.cluster('sim-2').faults.hang();
    try {
      const cancelled = await fleet.run(
        'all',
        async (session, signal) =>
          (await session.request({ path: '/api/v1/namespaces', signal, timeoutMs: 10_000 })).status,
        { signal: cancel.signal, onProgress: ({ done }) => done === 2 && cancel.abort() },
      );
      expect(cancelled.entries.map((e) => e.status)).toEqual(['ok', 'cancelled', 'error']);
    } finally {
      await sim.cluster('sim-2').faults.heal();
    }
  });

  it('throws typed errors naming the cluster', async () => {
    let caught: unknown;
    try {
      await manager.require(clusterId).request({ path: '/api/v1/namespaces/nope/pods/nope' });
    } catch (error) {
      if (!isFlotillaError(error)) throw error;
      caught = error;
    }
    expect(caught).toMatchObject({ kind: 'not-found', clusterId, status: 404, retryable: false });
    expect((caught as Error).message).toMatch(/^\[sim-1\] /);
    expect(() => manager.require('nope')).toThrow(expect.objectContaining({ kind: 'unknown-cluster' }));
  });

  it('writes to a named cluster only', async () => {
    const before = sim.cluster('sim-2').requestLog.all().length;
    await fleet.clusters.apply(
      clusterId,
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'release' },
        data: { version: '2.4.0' },
      },
      { namespace: 'default' },
    );
    await fleet.clusters.patch(
      clusterId,
      'cm',
      'release',
      { data: { channel: 'stable' } },
      {
        namespace: 'default',
      },
    );
    const configMap = await fleet.clusters.get<{ data: Record<string, string> }>(clusterId, 'cm', 'release', {
      namespace: 'default',
    });
    expect(configMap.data).toEqual({ version: '2.4.0', channel: 'stable' });
    const scaled = await fleet.clusters.scale(clusterId, 'deploy', 'coredns', 3, {
      namespace: 'kube-system',
    });
    expect(scaled.spec?.replicas).toBe(3);
    await fleet.clusters.delete(clusterId, 'cm', 'release', { namespace: 'default' });
    expect(sim.cluster('sim-2').requestLog.all().length).toBe(before);

    await expect(fleet.clusters.delete(clusterId, 'cm', 'release')).rejects.toMatchObject({
      kind: 'invalid',
    });
    await expect(
      fleet.clusters.delete('nope', 'cm', 'release', { namespace: 'default' }),
    ).rejects.toMatchObject({ kind: 'unknown-cluster' });
  });

  it('applies the same change in several clusters, dry-run first', async () => {
    const manifests = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'feature-flags' }, data: { search: 'on' } },
    ];
    const lines: string[] = [];
    const result = await fleet.batch.apply({ where: (c) => c.clusterName !== 'sim-3' }, manifests, {
      namespace: 'default',
      onDryRunFailure: 'abort',
    });
    for (const entry of result.entries)
      lines.push(`${entry.clusterName} ${entry.status} ${entry.status === 'skipped' ? entry.reason : ''}`);
    expect(result.entries.map((e) => e.status)).toEqual(['ok', 'ok']);
    expect(result.dryRun?.entries.map((e) => e.status)).toEqual(['ok', 'ok']);
    expect(lines).toEqual(['sim-1 ok ', 'sim-2 ok ']);

    // With sim-3 in the targets its dry-run fails (auth): 'abort' writes nowhere.
    const aborted = await fleet.batch.apply(
      'all',
      [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'second' }, data: {} }],
      { namespace: 'default', onDryRunFailure: 'abort' },
    );
    expect(aborted.entries.map((e) => e.status)).toEqual(['skipped', 'skipped', 'skipped']);
    const configMaps = BUILTIN_RESOURCES.find((r) => r.plural === 'configmaps');
    if (!configMaps) throw new Error('no configmaps resource');
    expect(sim.cluster('sim-1').store.get(configMaps, 'default', 'second')).toBeUndefined();
  });

  it('drains a node of one cluster', async () => {
    // The seeded disruption budgets would hold the drain until its deadline, as they hold kubectl drain.
    const budgets = BUILTIN_RESOURCES.find((r) => r.plural === 'poddisruptionbudgets');
    if (!budgets) throw new Error('no poddisruptionbudgets resource');
    const store = sim.cluster('sim-1').store;
    for (const pdb of store.list(budgets).items)
      store.delete(budgets, pdb.metadata.namespace, pdb.metadata.name);

    const progress: string[] = [];
    const drains = new DrainJobStore(manager, { defaults: { retryIntervalMs: 100, pollIntervalMs: 100 } });
    const job = drains.drain(clusterId, 'worker-1', { timeoutMs: 300_000, deleteEmptyDirData: true });
    const stop = drains.subscribe(() => {
      const [now] = drains.select({ clusterId, node: 'worker-1' });
      if (now)
        progress.push(`[${now.clusterName}] ${now.phase}: ${now.evicted} evicted, ${now.remaining} left`);
    });
    const final: DrainJobSnapshot = await job.done;
    stop();
    drains.dispose();

    expect(final).toMatchObject({ clusterId, node: 'worker-1', phase: 'completed' });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((line) => line.startsWith('[sim-1] '))).toBe(true);
  });

  it('exports a report, partial, written 0600', async () => {
    await Promise.all(manager.list().map((session) => session.connect()));
    const client = createLocalFleetClient(manager, { inventoryIntervalMs: 0 });
    let partial = false;
    let path = '';
    try {
      const file = await client.export({
        source: 'resources',
        query: { kind: 'pods', namespace: 'kube-system' },
        format: 'csv',
      });
      path = join(dir, file.filename);
      await writePrivateFileAtomic(path, file.content);
      partial = file.partial;
      expect(file.filename).toMatch(/^flotilla-pods-.*\.csv$/);
    } finally {
      client.close();
    }
    expect(partial).toBe(true);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const text = await readFile(path, 'utf8');
    for (const name of ['sim-1', 'sim-2', 'sim-3']) expect(text).toContain(name);
    expect(text).not.toContain(sim.cluster('sim-1').tokenFor('admin'));
  });
});
