import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedCluster } from '@flotilla/cluster-testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { ClusterManager } from '../../cluster-manager';
import { MemoryPreferenceStore } from '../../preferences/preference-store';
import { FilePreferenceStore } from '../../node/file-preference-store';
import { KubeconfigSync } from '../../node/kubeconfig-sync';
import { FAST_SESSION, startFleetHarness, type FleetHarness } from '../support/fleet-harness';

let h: FleetHarness | undefined;
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('fleet isolation', () => {
  it('never auto-selects with two clusters, auto-selects exactly one, and restores a persisted choice', async () => {
    const preferences = new MemoryPreferenceStore();
    h = await startFleetHarness({ clusters: 2 }, { connect: 'manual', preferences });
    expect(h.manager.activeClusterId).toBeNull();
    expect(h.events.some((e) => e.type === 'fleet:active-changed')).toBe(false);
    h.manager.setActive(h.idOf('sim-2'));
    const chosen = h.idOf('sim-2');
    h.manager.dispose();

    // A restart: a new manager over the same kubeconfig and preferences selects what was chosen.
    const restored = new ClusterManager({ preferences, connect: 'manual' });
    const sync = await KubeconfigSync.start(restored, { kubeconfig: h.fleet.kubeconfigPath });
    expect(restored.activeClusterId).toBe(chosen);
    sync.close();
    restored.dispose();
    await h.close();

    h = await startFleetHarness({ clusters: 1 }, { connect: 'manual' });
    expect(h.manager.activeClusterId).toBe(h.idOf('sim-1'));
  });

  it('removing the first-added (active) cluster keeps the others serving and leaves none active', async () => {
    h = await startFleetHarness({ clusters: 3 }, { connect: 'manual' });
    const first = h.manager.list()[0];
    if (!first) throw new Error('no clusters');
    h.manager.setActive(first.clusterId);
    h.manager.remove(first.clusterId);
    expect(h.manager.activeClusterId).toBeNull();
    for (const session of h.manager.list())
      expect((await session.request({ path: '/api/v1/namespaces' })).status).toBe(200);
    h.manager.remove(h.idOf('sim-2'));
    expect(h.manager.activeClusterId).toBe(h.idOf('sim-3'));
    expect(() => h?.manager.setActive('nope')).toThrow(/unknown cluster "nope"/);
  });

  it('removing A aborts its in-flight requests, and A emits nothing afterwards', async () => {
    h = await startFleetHarness({ clusters: 2 });
    const a = h.session('sim-1');
    await h.waitFor('cluster:health:healthy', (e) => e.clusterId === a.clusterId);
    h.fleet.cluster('sim-1').faults.hang();
    const pending = a.request({ path: '/api/v1/pods', timeoutMs: 10_000 }).catch((e: unknown) => e);
    await h.fleet
      .cluster('sim-1')
      .requestLog.waitFor(() => true)
      .catch(() => undefined);
    const removedAt = Date.now();
    h.manager.remove(a.clusterId);
    expect(await pending).toMatchObject({ kind: 'cancelled', clusterId: a.clusterId });
    expect(Date.now() - removedAt).toBeLessThan(1000);
    await h.fleet.cluster('sim-1').faults.heal();
    // Long enough for several heartbeat and recovery periods of the fast settings.
    await h.waitFor('cluster:health:healthy', () => false, 1200).catch(() => undefined);
    const late = h.events.filter(
      (e) => e.payload['clusterId'] === a.clusterId && e.at > removedAt && e.type !== 'cluster:removed',
    );
    expect(late).toEqual([]);
    expect(h.session('sim-2').getSnapshot().health).toBe('healthy');
  });

  it('keeps same-named contexts in two kubeconfig files apart', async () => {
    const [one, two] = await Promise.all([
      SimulatedCluster.start({ name: 'kind-a', workload: { pods: 1 } }),
      SimulatedCluster.start({ name: 'kind-b', workload: { pods: 2 } }),
    ]);
    const dir = await mkdtemp(join(tmpdir(), 'flotilla-same-names-'));
    cleanups.push(() => Promise.all([one.stop(), two.stop(), rm(dir, { recursive: true, force: true })]));
    // Both files call their context, cluster and user `kind-kind`, as every kind cluster does.
    const file = (c: SimulatedCluster) =>
      c
        .kubeconfig({ contextName: 'kind-kind' })
        .replaceAll(`${c.name}-admin`, 'kind-kind')
        .replaceAll(`name: ${c.name}`, 'name: kind-kind')
        .replaceAll(`cluster: ${c.name}`, 'cluster: kind-kind');
    await writeFile(join(dir, 'one'), file(one), { mode: 0o600 });
    await writeFile(join(dir, 'two'), file(two), { mode: 0o600 });
    const manager = new ClusterManager({ connect: 'manual', session: FAST_SESSION });
    const sync = await KubeconfigSync.start(manager, { kubeconfig: [join(dir, 'one'), join(dir, 'two')] });
    cleanups.push(async () => {
      sync.close();
      manager.dispose();
    });
    const sessions = manager.list();
    expect(sessions.map((s) => s.clusterName)).toEqual(['kind-kind', 'kind-kind']);
    expect(new Set(sessions.map((s) => s.clusterId)).size).toBe(2);
    const counts = await Promise.all(
      sessions.map(
        async (s) => (await s.request<{ items: unknown[] }>({ path: '/api/v1/pods' })).body.items.length,
      ),
    );
    expect(counts).toEqual([1, 2]);
    expect(one.requestLog.all().every((e) => e.user === 'admin')).toBe(true);
    expect(two.requestLog.all().every((e) => e.user === 'admin')).toBe(true);
  });

  it('recovers from a corrupt preferences file by moving it aside', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'flotilla-prefs-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'preferences.json');
    await writeFile(path, '{"schemaVersion": 1, "values": {', { mode: 0o600 });
    const recovered: string[] = [];
    const store = new FilePreferenceStore({ path, onRecover: (r) => recovered.push(r.error.kind) });
    expect(recovered).toEqual(['config']);
    const manager = new ClusterManager({ preferences: store, connect: 'manual' });
    expect(manager.activeClusterId).toBeNull();
    store.set('fleet:recent-clusters', ['x']);
    await store.flush();
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ schemaVersion: 1 });
    expect((await readdir(dir)).some((f) => f.startsWith('preferences.json.corrupt-'))).toBe(true);
    manager.dispose();
  });
});
