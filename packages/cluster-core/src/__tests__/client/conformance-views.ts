import { SimulatedCluster } from '@flotilla/cluster-testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ComparisonSnapshot } from '../../client/fleet-client';
import {
  addConfigMap,
  addPod,
  addSecret,
  expectPlainData,
  serverCount,
  statusOf,
  summary,
} from './conformance-helpers';
import type { FleetClientFactory, FleetClientFixture } from './fleet-client-conformance';
import { observe } from './observe-view';

const wait = { timeout: 15_000, interval: 25 };

export function describeViewConformance(make: FleetClientFactory): void {
  let f: FleetClientFixture | undefined;
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    await f?.dispose();
    f = undefined;
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  const idOf = (name: string) => {
    const session = f?.manager.list().find((s) => s.clusterName === name);
    if (!session) throw new Error(`no cluster ${name}`);
    return session.clusterId;
  };

  describe('views', () => {
    it('keeps snapshots stable, and watches only while a view is subscribed', async () => {
      f = await make({ fleet: { clusters: 2 } });
      const { client, fleet } = f;
      expect(client.getSnapshot()).toBe(client.getSnapshot());
      expect(client.link.getSnapshot()).toMatchObject({ state: 'open' });
      const view = client.resources({ kind: 'pods' });
      expect(view.getSnapshot()).toBe(view.getSnapshot());
      expect(view.getSnapshot().loaded).toBe(false);
      expect(fleet.clusters.map((c) => c.openWatchCount)).toEqual([0, 0]);

      const watched = observe(view, summary);
      const synced = await watched.until(
        (s) => s.clusters.length === 2 && s.clusters.every((c) => c.status === 'ok'),
        'every cluster ok',
      );
      expect(synced.loaded).toBe(true);
      expect(synced.partial).toBe(false);
      for (const cluster of fleet.clusters)
        expect(statusOf(synced, idOf(cluster.name))?.count).toBe(serverCount(cluster));
      expect(synced.items.length).toBe(fleet.clusters.reduce((n, c) => n + serverCount(c), 0));
      expect(
        synced.items.every((item) => item.clusterName === f?.manager.get(item.clusterId)?.clusterName),
      ).toBe(true);
      expect(view.getSnapshot()).toBe(view.getSnapshot());
      expectPlainData(view.getSnapshot());
      expectPlainData(client.getSnapshot());
      await vi.waitFor(() => expect(fleet.clusters.map((c) => c.openWatchCount)).toEqual([1, 1]), wait);

      // Inventory: each cluster's node and pod counts are read when it connects and kept fresh.
      const inventory = observe(client);
      const counted = (s: ReturnType<typeof client.getSnapshot>, name: string) =>
        s.clusters.find((c) => c.clusterName === name)?.metadata.pods === serverCount(fleet.cluster(name));
      await inventory.until((s) => counted(s, 'sim-1') && counted(s, 'sim-2'), 'pod counts of both clusters');
      expect(client.getCluster(idOf('sim-1'))?.metadata.nodes).toMatchObject({ total: expect.any(Number) });
      addPod(fleet.cluster('sim-2'), 'counted-later');
      await inventory.until((s) => counted(s, 'sim-2'), 'the new pod counted');
      inventory.close();

      watched.close();
      await vi.waitFor(() => expect(fleet.clusters.map((c) => c.openWatchCount)).toEqual([0, 0]), wait);
    });

    it('merges three clusters while one hangs and one has a revoked token: partial, typed errors, live items', async () => {
      f = await make({ fleet: { clusters: 3 } });
      const { client, fleet } = f;
      const [healthy, hung, revoked] = ['sim-1', 'sim-2', 'sim-3'].map((n) => fleet.cluster(n)) as [
        SimulatedCluster,
        SimulatedCluster,
        SimulatedCluster,
      ];
      hung.faults.hang();
      revoked.faults.revokeToken('admin');
      const watched = observe(client.resources({ kind: 'po' }), summary);
      const s = await watched.until(
        (s) =>
          statusOf(s, idOf('sim-1'))?.count === serverCount(healthy) &&
          statusOf(s, idOf('sim-1'))?.status === 'ok' &&
          statusOf(s, idOf('sim-2'))?.status === 'error' &&
          statusOf(s, idOf('sim-3'))?.status === 'error',
        'the healthy cluster listed and both faulty ones failed',
      );
      expect(s.partial).toBe(true);
      expect(s.loaded).toBe(true);
      expect(s.clusters.map((c) => c.clusterName)).toEqual(['sim-1', 'sim-2', 'sim-3']);
      expect(statusOf(s, idOf('sim-3'))?.error).toMatchObject({ kind: 'auth', clusterId: idOf('sim-3') });
      expect(['timeout', 'transport']).toContain(statusOf(s, idOf('sim-2'))?.error?.kind);
      expect(statusOf(s, idOf('sim-2'))?.error?.clusterId).toBe(idOf('sim-2'));
      expect(new Set(s.items.map((item) => item.clusterId))).toEqual(new Set([idOf('sim-1')]));

      addPod(healthy, 'conformance-new');
      const updated = await watched.until(
        (s) => s.items.some((item) => item.object.metadata.name === 'conformance-new'),
        'the new pod of the healthy cluster',
      );
      expect(statusOf(updated, idOf('sim-2'))?.status).toBe('error');
      expect(statusOf(updated, idOf('sim-3'))?.status).toBe('error');
      watched.close();
    });

    it('follows the fleet: a cluster added while a view is open joins it, a removed one leaves it', async () => {
      f = await make({ fleet: { clusters: 2 } });
      const { client, fleet, manager } = f;
      const watched = observe(client.resources({ kind: 'pods' }), summary);
      await watched.until((s) => s.loaded && !s.partial, 'both clusters synced');

      const late = await SimulatedCluster.start({
        name: 'late',
        workload: { pods: 4 },
        bookmarkIntervalMs: 300,
      });
      cleanups.push(() => late.stop());
      const lateId = await f.addCluster(late);
      const joined = await watched.until(
        (s) => statusOf(s, lateId)?.status === 'ok' && statusOf(s, lateId)?.count === serverCount(late),
        'the added cluster listed',
      );
      expect(joined.clusters.map((c) => c.clusterName)).toEqual(['late', 'sim-1', 'sim-2']);

      const goneId = idOf('sim-1');
      manager.remove(goneId);
      const left = await watched.until((s) => !statusOf(s, goneId), 'the removed cluster gone');
      expect(left.items.some((item) => item.clusterId === goneId)).toBe(false);
      expect(left.clusters.map((c) => c.clusterName)).toEqual(['late', 'sim-2']);
      await vi.waitFor(() => expect(fleet.cluster('sim-1').openWatchCount).toBe(0), wait);

      // Named explicitly, a cluster that is not in the fleet is an error entry, never an empty success.
      const named = observe(client.resources({ kind: 'pods', clusters: [goneId, lateId] }), summary);
      const s = await named.until((s) => s.loaded, 'the named clusters answered');
      expect(statusOf(s, goneId)).toMatchObject({
        status: 'error',
        count: 0,
        error: { kind: 'unknown-cluster' },
      });
      expect(statusOf(s, lateId)?.status).toBe('ok');
      named.close();
      watched.close();
    });

    it('compares a partial fleet: distribution with breakdowns, version skew and a structured diff', async () => {
      f = await make({ fleet: { clusters: 3, flavors: { 'sim-2': 'openshift' } } });
      const { client, fleet } = f;
      addConfigMap(fleet.cluster('sim-1'), 'conformance-diff', 'blue', { size: 'large' });
      addConfigMap(fleet.cluster('sim-2'), 'conformance-diff', 'green');
      fleet.cluster('sim-3').faults.revokeToken('admin');
      const describe = (s: ComparisonSnapshot) => ({ ...s, versionSkew: s.versionSkew.clusters });
      const pods = observe(client.comparison({ kind: 'pods' }), describe);
      const p = await pods.until(
        (s) => s.loaded && s.distribution.filter((c) => c.status === 'ok').length === 2,
        'two clusters counted',
      );
      expect(p.kind).toBe('Pod');
      expect(p.partial).toBe(true);
      expect(p.distribution.map((c) => c.clusterName)).toEqual(['sim-1', 'sim-2', 'sim-3']);
      expect(p.distribution[2]).toMatchObject({ status: 'error', error: { kind: 'auth' } });
      for (const cell of p.distribution.slice(0, 2)) {
        expect(cell.count).toBe(serverCount(fleet.cluster(cell.clusterName)));
        expect(Object.values(cell.breakdown).reduce((a, b) => a + b, 0)).toBe(cell.count);
      }
      expect(p.total).toBe(p.distribution[0]!.count + p.distribution[1]!.count);
      expectPlainData(p);
      pods.close();

      const named = observe(
        client.comparison({ kind: 'cm', namespace: 'default', name: 'conformance-diff' }),
        describe,
      );
      const n = await named.until(
        (s) => s.loaded && s.diff !== null && s.diff.diff.length > 0 && s.versionSkew.unknown.length <= 1,
        'the diff and the versions of the reachable clusters',
      );
      expect(n.diff?.ref).toEqual({ namespace: 'default', name: 'conformance-diff' });
      // A path only one cluster has lists only that cluster's value (plain data, no marker).
      expect(n.diff?.diff).toEqual([
        { path: 'data.color', values: { [idOf('sim-1')]: 'blue', [idOf('sim-2')]: 'green' } },
        { path: 'data.size', values: { [idOf('sim-1')]: 'large' } },
      ]);
      expect(n.diff?.clusters.map((c) => [c.clusterName, c.present, c.status])).toEqual([
        ['sim-1', true, 'ok'],
        ['sim-2', true, 'ok'],
        ['sim-3', false, 'error'],
      ]);
      expect(n.diff?.partial).toBe(true);
      expect(n.versionSkew.clusters.find((c) => c.clusterName === 'sim-2')?.platform).toBe('openshift');
      expect(n.versionSkew.minorSkew).toBeGreaterThan(0);
      expect(n.versionSkew.skewed).toBe(true);
      expectPlainData(n);
      named.close();
    });

    it('answers permissions per cluster: allowed in one, forbidden in another', async () => {
      f = await make({ fleet: { clusters: 2 } });
      const { client, fleet } = f;
      fleet
        .cluster('sim-2')
        .faults.forbid('admin', { verbs: ['delete'], apiGroups: [''], resources: ['pods'] });
      const watched = observe(client.permissions({ verb: 'delete', resource: 'pods', namespace: 'default' }));
      const s = await watched.until((s) => s.loaded, 'both clusters answered');
      expect(s.allowed).toEqual({ [idOf('sim-1')]: true, [idOf('sim-2')]: false });
      expect(s.errors).toEqual({});
      expectPlainData(s);
      watched.close();
    });

    it('exports every cluster with its status, says when the report is partial, and leaks no credential', async () => {
      f = await make({ fleet: { clusters: 3 } });
      const { client, fleet } = f;
      fleet.cluster('sim-3').faults.revokeToken('admin');
      addSecret(fleet.cluster('sim-1'), 'conformance-secret', 'hunter2-conformance');
      const secrets = [
        ...fleet.clusters.map((c) => c.tokenFor('admin')),
        'hunter2-conformance',
        Buffer.from('hunter2-conformance').toString('base64'),
      ];
      const secretExport = await client.export({
        source: 'resources',
        query: { kind: 'secrets' },
        format: 'json',
      });
      expect(secretExport.content).toContain('conformance-secret');
      for (const secret of secrets) expect(secretExport.content).not.toContain(secret);
      for (const format of ['csv', 'md', 'json', 'html'] as const) {
        const file = await client.export({ source: 'resources', query: { kind: 'pods' }, format });
        expect(file.filename).toMatch(
          new RegExp(`^flotilla-pods-\\d{4}-\\d\\d-\\d\\dT[\\d-]+Z\\.${format}$`),
        );
        expect(file.partial).toBe(true);
        for (const name of ['sim-1', 'sim-2', 'sim-3']) expect(file.content).toContain(name);
        expect(file.content).toMatch(/PARTIAL REPORT/);
        expect(file.content).toMatch(/auth/);
        for (const secret of secrets) expect(file.content).not.toContain(secret);
      }
      const health = await client.export({ source: 'health', format: 'md' });
      expect(health.filename).toMatch(/^flotilla-health-.*\.md$/);
      for (const name of ['sim-1', 'sim-2', 'sim-3']) expect(health.content).toContain(name);
      const comparison = await client.export({
        source: 'comparison',
        query: { kind: 'pods' },
        format: 'csv',
      });
      expect(comparison.partial).toBe(true);
      for (const name of ['sim-1', 'sim-2', 'sim-3']) expect(comparison.content).toContain(name);
      for (const secret of secrets) {
        expect(health.content).not.toContain(secret);
        expect(comparison.content).not.toContain(secret);
      }
    });
  });
}
