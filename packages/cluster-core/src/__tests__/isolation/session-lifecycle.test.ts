import { mkdtemp, rm, stat, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ClusterManager } from '../../cluster-manager';
import { MemoryPreferenceStore } from '../../preferences/preference-store';
import { ManualClusterStore } from '../../node/kubeconfig/manual-clusters';
import { addManualCluster, KubeconfigSync } from '../../node/kubeconfig-sync';
import { FAST_SESSION, startFleetHarness, type FleetHarness } from '../support/fleet-harness';

let h: FleetHarness | undefined;
const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('session lifecycle', () => {
  it('keeps a cluster idle until connected: no request, no heartbeat, no exec plugin run', async () => {
    h = await startFleetHarness({ clusters: 2, execCredentialClusters: ['sim-1'] }, { connect: 'manual' });
    const a = h.session('sim-1');
    await h.fleet
      .cluster('sim-2')
      .requestLog.waitFor(() => false, 600)
      .catch(() => undefined);
    expect(a.getSnapshot()).toMatchObject({ connection: 'idle', auth: 'unknown', health: 'unknown' });
    expect(h.fleet.cluster('sim-1').requestLog.all()).toEqual([]);
    expect(await h.fleet.execPlugin.invocations('sim-1')).toBe(0);

    const healthy = h.waitFor('cluster:health:healthy', (e) => e.clusterId === a.clusterId);
    await h.manager.connect(a.clusterId);
    expect(a.getSnapshot()).toMatchObject({ connection: 'connected', auth: 'valid' });
    expect(await h.fleet.execPlugin.invocations('sim-1')).toBe(1);
    await healthy;
    expect(h.fleet.cluster('sim-2').requestLog.all()).toEqual([]);
  });

  it('detects version and platform: OpenShift through its ClusterVersion', async () => {
    h = await startFleetHarness({ clusters: 2, flavors: { 'sim-2': 'openshift' } }, { connect: 'manual' });
    await Promise.all([h.manager.connect(h.idOf('sim-1')), h.manager.connect(h.idOf('sim-2'))]);
    expect(h.session('sim-1').getSnapshot().metadata).toMatchObject({
      kubernetesVersion: 'v1.31.4',
      platform: 'kubernetes',
      openshiftVersion: null,
    });
    expect(h.session('sim-2').getSnapshot().metadata).toMatchObject({
      platform: 'openshift',
      openshiftVersion: expect.stringMatching(/^4\./) as string,
    });
  });

  it('keeps snapshots referentially stable until something changes', async () => {
    h = await startFleetHarness({ clusters: 1 }, { connect: 'manual' });
    const a = h.session('sim-1');
    const first = a.getSnapshot();
    expect(a.getSnapshot()).toBe(first);
    const fleet = h.manager.getSnapshot();
    expect(h.manager.getSnapshot()).toBe(fleet);
    await h.manager.connect(a.clusterId);
    expect(a.getSnapshot()).not.toBe(first);
    expect(h.manager.getSnapshot()).not.toBe(fleet);
    expect(h.manager.getSnapshot().clusters[0]).toBe(a.getSnapshot());
  });

  it('skips heartbeats while auth is being recovered, and records errors per cluster', async () => {
    h = await startFleetHarness({ clusters: 2 });
    const a = h.session('sim-1');
    await h.waitFor('cluster:health:healthy', (e) => e.clusterId === a.clusterId);
    const failed = h.waitFor('cluster:auth:failed', (e) => e.clusterId === a.clusterId, 3000);
    h.fleet.cluster('sim-1').faults.revokeToken('admin');
    await failed;
    const log = h.fleet.cluster('sim-1').requestLog;
    const since = Date.now();
    await log.waitFor(() => false, 800).catch(() => undefined);
    // Only recovery probes (/api) reach A now; heartbeat ticks (/readyz) are skipped.
    expect(log.filter((e) => e.at > since && e.path === '/readyz')).toEqual([]);
    expect(log.filter((e) => e.at > since && e.path === '/api').length).toBeGreaterThan(0);
    expect(a.errorLog.list({ source: 'heartbeat' })[0]?.error).toMatchObject({
      kind: 'auth',
      clusterId: a.clusterId,
    });
    expect(h.session('sim-2').errorLog.size).toBe(0);
  });

  it('connects only recently used clusters with connect: recent', async () => {
    const preferences = new MemoryPreferenceStore();
    h = await startFleetHarness({ clusters: 3 }, { connect: 'manual', preferences });
    h.manager.setActive(h.idOf('sim-3'));
    const recentId = h.idOf('sim-3');
    h.manager.dispose();
    const manager = new ClusterManager({ preferences, connect: 'recent', session: FAST_SESSION });
    const sync = await KubeconfigSync.start(manager, { kubeconfig: h.fleet.kubeconfigPath });
    cleanups.push(() => {
      sync.close();
      manager.dispose();
    });
    const states = Object.fromEntries(manager.list().map((s) => [s.clusterName, s.getSnapshot().connection]));
    expect(states).toEqual({ 'sim-1': 'idle', 'sim-2': 'idle', 'sim-3': 'connecting' });
    expect(manager.activeClusterId).toBe(recentId);
  });

  it('adds a cluster by hand, persisted 0600, with the insecure flag shown in metadata', async () => {
    h = await startFleetHarness({ clusters: 1 }, { connect: 'manual' });
    const dir = await mkdtemp(join(tmpdir(), 'flotilla-manual-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const store = new ManualClusterStore(join(dir, 'clusters.kubeconfig'));
    const cluster = h.fleet.cluster('sim-1');
    const session = await addManualCluster(h.manager, store, {
      name: 'by-hand',
      server: cluster.url,
      caData: cluster.caPem,
      token: cluster.tokenFor('viewer'),
    });
    expect(session.clusterId).toBe('manual:by-hand');
    expect((await session.request<{ items: unknown[] }>({ path: '/api/v1/namespaces' })).status).toBe(200);
    expect(cluster.requestLog.all().at(-1)?.user).toBe('viewer');
    expect((await stat(store.path)).mode & 0o777).toBe(0o600);
    expect(await readFile(store.path, 'utf8')).toContain('by-hand');

    const insecure = await addManualCluster(h.manager, store, {
      name: 'insecure',
      server: cluster.url,
      token: cluster.tokenFor('viewer'),
      insecureSkipTLSVerify: true,
    });
    expect(insecure.getSnapshot().metadata.insecureSkipTLSVerify).toBe(true);
    await expect(
      addManualCluster(h.manager, store, { name: 'bad', server: 'http://x', token: 't' }),
    ).rejects.toMatchObject({ kind: 'config' });
  });

  it('follows kubeconfig changes: rebuilds only the changed context, adds new ones idle', async () => {
    h = await startFleetHarness({ clusters: 2 }, { connect: 'manual' });
    const path = h.fleet.kubeconfigPath;
    const manager = new ClusterManager({ connect: 'all', session: FAST_SESSION });
    let applied: () => void = () => undefined;
    const change = new Promise<void>((resolve) => (applied = resolve));
    const changes: string[] = [];
    const sync = await KubeconfigSync.start(manager, {
      kubeconfig: path,
      watch: true,
      debounceMs: 100,
      onChange: (diff) => {
        changes.push(`+${diff.added.length} ~${diff.changed.length} -${diff.removed.length}`);
        if (diff.added.length + diff.changed.length > 0) applied();
      },
    });
    cleanups.push(() => {
      sync.close();
      manager.dispose();
    });
    const before = new Map(manager.list().map((s) => [s.clusterName, s]));
    // Rotate sim-2's token and add a context: only sim-2 is rebuilt, the new context stays idle.
    h.fleet.cluster('sim-2').faults.rotateToken('admin');
    await h.fleet.writeKubeconfig();
    const rewritten = (await readFile(path, 'utf8')).replace(
      'contexts:\n',
      'contexts:\n  - name: sim-1-again\n    context:\n      cluster: sim-1\n      user: sim-1-admin\n',
    );
    expect(rewritten).toContain('sim-1-again');
    await writeFile(path, rewritten);
    await Promise.race([
      change,
      new Promise((_, reject) => setTimeout(() => reject(new Error('no kubeconfig change applied')), 5000)),
    ]);
    expect(changes.at(-1)).toBe('+1 ~1 -0');
    const after = new Map(manager.list().map((s) => [s.clusterName, s]));
    expect(after.get('sim-1')).toBe(before.get('sim-1'));
    expect(after.get('sim-2')).not.toBe(before.get('sim-2'));
    expect(after.get('sim-1-again')?.getSnapshot().connection).toBe('idle');
    expect((await after.get('sim-2')?.request({ path: '/api/v1/namespaces' }))?.status).toBe(200);
  });
});
