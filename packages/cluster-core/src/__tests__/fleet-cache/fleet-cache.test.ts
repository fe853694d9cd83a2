import type { KubeObject, SimulatedCluster } from '@flotilla/cluster-testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readClusterSlice } from '../../fleet-cache/cluster-slice';
import { FleetCache } from '../../fleet-cache/fleet-cache';
import { createFleet } from '../../fleet/fleet-operations';
import { addPod, serverPods } from '../client/conformance-helpers';
import {
  startConformanceFleet,
  type ConformanceFleet,
  type ConformanceSetup,
} from '../client/conformance-fleet';
import { untilScope } from './scope-waiter';

const wait = { timeout: 15_000, interval: 25 };
let c: ConformanceFleet | undefined;
let cache: FleetCache | undefined;
afterEach(async () => {
  cache?.dispose();
  cache = undefined;
  await c?.close();
  c = undefined;
});

async function start(setup: ConformanceSetup = {}) {
  c = await startConformanceFleet({ fleet: { clusters: 2 }, ...setup });
  const fleet = createFleet(c.manager, { discovery: { requestTimeoutMs: 1500, missRefreshMs: 200 } });
  cache = new FleetCache(c.manager, fleet.discovery, { resolveBackoff: { initialMs: 100, maxMs: 500 } });
  const idOf = (name: string) => c?.manager.list().find((s) => s.clusterName === name)?.clusterId ?? '';
  return { c, cache, idOf, ids: () => c?.manager.list().map((s) => s.clusterId) ?? [] };
}

const CREATED = '2026-01-01T00:00:00Z';

function widgetCrd(): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: 'widgets.example.org',
      uid: 'widgets-crd',
      resourceVersion: '',
      creationTimestamp: CREATED,
    },
    spec: {
      group: 'example.org',
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
      versions: [
        { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } },
      ],
    },
  };
}

const widget = (name: string): KubeObject => ({
  apiVersion: 'example.org/v1',
  kind: 'Widget',
  metadata: {
    name,
    namespace: 'default',
    uid: `widget-${name}`,
    resourceVersion: '',
    creationTimestamp: CREATED,
  },
  spec: { size: 1 },
});

/** Lists of pods the cluster answered (the logged path carries the query string). */
const podLists = (cluster: SimulatedCluster) =>
  cluster.requestLog.filter((e) => !e.watch && e.method === 'GET' && /\/pods(\?|$)/.test(e.path));

describe('FleetCache', () => {
  it('shares one store and one informer per cluster within a scope, and keeps scopes apart', async () => {
    const { c, cache, ids } = await start();
    const all = cache.watch({ kind: 'pods' });
    const same = cache.watch({ kind: ' Pods ' });
    const web = cache.watch({ kind: 'pods', namespace: 'default' });
    expect(same.scope).toBe(all.scope);
    expect(web.scope).not.toBe(all.scope);
    expect(cache.size).toBe(2);
    for (const scope of [all.scope, web.scope])
      await untilScope(
        c.manager,
        scope,
        (read) => ids().every((id) => read(id).status.status === 'ok'),
        'synced',
      );
    for (const session of c.manager.list()) expect(session.informers.size).toBe(2);
    await vi.waitFor(() => expect(c.fleet.clusters.map((x) => x.openWatchCount)).toEqual([2, 2]), wait);

    // A relist of one scope's informer must not replace the other scope's objects.
    const sim1 = c.fleet.cluster('sim-1');
    sim1.faults.expireResourceVersions();
    sim1.faults.cutWatches();
    const listsBefore = podLists(sim1).length;
    await vi.waitFor(() => expect(podLists(sim1).length).toBeGreaterThanOrEqual(listsBefore + 2), wait);
    for (const cluster of c.fleet.clusters) {
      const id = c.manager.list().find((s) => s.clusterName === cluster.name)?.clusterId as string;
      const pods = serverPods(cluster);
      await untilScope(
        c.manager,
        all.scope,
        (read) => read(id).status.status === 'ok' && read(id).items.length === pods.length,
        `all pods of ${cluster.name}`,
      );
      const inDefault = pods.filter((p) => p.metadata.namespace === 'default').length;
      await untilScope(
        c.manager,
        web.scope,
        (read) => read(id).status.status === 'ok' && read(id).items.length === inDefault,
        `default pods of ${cluster.name}`,
      );
      expect(
        web.scope.store.query({ kind: 'Pod' }).items.every((i) => i.object.metadata.namespace === 'default'),
      ).toBe(true);
    }

    all.release();
    all.release();
    expect(cache.size).toBe(2);
    same.release();
    expect(cache.size).toBe(1);
    for (const session of c.manager.list()) expect(session.informers.size).toBe(1);
    web.release();
    expect(cache.size).toBe(0);
    await vi.waitFor(() => expect(c.fleet.clusters.map((x) => x.openWatchCount)).toEqual([0, 0]), wait);
  });

  it('skips idle clusters without a request, reads them once connected, and skips them again when disconnected', async () => {
    const { c, cache, idOf } = await start({ manager: { connect: 'manual' } });
    const [a, b] = [idOf('sim-1'), idOf('sim-2')];
    const lease = cache.watch({ kind: 'pods' });
    await untilScope(
      c.manager,
      lease.scope,
      (read) => read(a).status.status === 'skipped' && read(b).status.status === 'skipped',
      'both skipped',
    );
    expect(lease.scope.feedStatus(a)).toMatchObject({ phase: 'skipped', reason: 'not connected (idle)' });
    expect(c.fleet.clusters.flatMap((x) => x.requestLog.all())).toEqual([]);

    await c.manager.connect(a);
    await untilScope(c.manager, lease.scope, (read) => read(a).status.status === 'ok', 'a listed');
    expect(lease.scope.feedStatus(b)?.phase).toBe('skipped');
    expect(c.fleet.cluster('sim-2').requestLog.all()).toEqual([]);

    c.manager.disconnect(a);
    await untilScope(
      c.manager,
      lease.scope,
      (read) => read(a).status.status === 'skipped',
      'a skipped again',
    );
    expect(lease.scope.store.cluster(a)).toBeUndefined();
    await vi.waitFor(() => expect(c.fleet.cluster('sim-1').openWatchCount).toBe(0), wait);
    lease.release();
  });

  it('makes a kind missing in one cluster that cluster’s not-found error, and picks it up once served there', async () => {
    const { c, cache, idOf } = await start();
    const [a, b] = [idOf('sim-1'), idOf('sim-2')];
    c.fleet.cluster('sim-1').seed([widgetCrd(), widget('one'), widget('two')]);
    const lease = cache.watch({ kind: 'widgets' });
    await untilScope(
      c.manager,
      lease.scope,
      (read) => read(a).items.length === 2 && read(b).status.status === 'error',
      'widgets in a, an error in b',
    );
    const missing = lease.scope.feedStatus(b);
    expect(missing).toMatchObject({ phase: 'resolving', error: { kind: 'not-found', clusterId: b } });
    expect(lease.scope.store.query({ kind: 'example.org/Widget' }).items.map((i) => i.kind)).toEqual([
      'example.org/Widget',
      'example.org/Widget',
    ]);

    c.fleet.cluster('sim-2').seed([widgetCrd(), widget('three')]);
    await untilScope(
      c.manager,
      lease.scope,
      (read) => read(b).status.status === 'ok' && read(b).items.length === 1,
      'b joined after its CRD appeared',
    );
    lease.release();
  });

  it('lets a cluster that was unreachable at first join once it answers, while the other stays current', async () => {
    const { c, cache, idOf } = await start();
    const [a, b] = [idOf('sim-1'), idOf('sim-2')];
    c.fleet.cluster('sim-2').faults.hang();
    const lease = cache.watch({ kind: 'pods' });
    await untilScope(
      c.manager,
      lease.scope,
      (read) => read(a).status.status === 'ok' && read(b).status.status === 'error',
      'a listed, b failed',
    );
    const failed = lease.scope.feedStatus(b);
    expect(failed?.phase).toBe('resolving');
    expect(['timeout', 'transport']).toContain(failed?.phase === 'resolving' ? failed.error?.kind : null);
    addPod(c.fleet.cluster('sim-1'), 'while-b-hangs');
    await untilScope(
      c.manager,
      lease.scope,
      (read) => read(a).items.some((i) => i.object.metadata.name === 'while-b-hangs'),
      'a’s new pod while b hangs',
    );
    await c.fleet.cluster('sim-2').faults.heal();
    await untilScope(
      c.manager,
      lease.scope,
      (read) =>
        read(b).status.status === 'ok' &&
        read(b).items.length === serverPods(c.fleet.cluster('sim-2')).length,
      'b joined after recovering',
    );
    lease.release();
  });

  it('refuses a malformed label selector in every cluster without asking any of them', async () => {
    const { c, cache, ids } = await start();
    const lease = cache.watch({ kind: 'pods', labelSelector: 'app in (web' });
    await untilScope(
      c.manager,
      lease.scope,
      (read) => ids().every((id) => read(id).status.status === 'error'),
      'errors',
    );
    for (const id of ids()) {
      const { status } = readClusterSlice(c.manager, lease.scope, id);
      expect(status.error).toMatchObject({ kind: 'invalid', clusterId: id });
      expect(status.error?.message).toMatch(/invalid label selector "app in \(web"/);
    }
    for (const cluster of c.fleet.clusters) expect(podLists(cluster)).toEqual([]);
    // The same scope with a valid selector does list: the check above would have seen it.
    const valid = cache.watch({ kind: 'pods', labelSelector: 'app in (web)' });
    await untilScope(
      c.manager,
      valid.scope,
      (read) => ids().every((id) => read(id).status.status === 'ok'),
      'ok',
    );
    for (const cluster of c.fleet.clusters) expect(podLists(cluster).length).toBeGreaterThan(0);
    valid.release();
    lease.release();
  });

  it('ends a removed cluster’s watch and publishes nothing for it afterwards', async () => {
    const { c, cache, idOf } = await start();
    const [a, b] = [idOf('sim-1'), idOf('sim-2')];
    const events: Array<{ clusterId: string; at: number }> = [];
    c.manager.bus.on('cluster:informer:sync', (e) => events.push({ clusterId: e.clusterId, at: Date.now() }));
    const lease = cache.watch({ kind: 'pods' });
    await untilScope(c.manager, lease.scope, (read) => read(a).status.status === 'ok', 'a listed');
    const session = c.manager.require(a);
    const removedAt = Date.now();
    c.manager.remove(a);
    expect(() => session.informers).toThrow(/cluster was removed/);
    expect(lease.scope.feedStatus(a)).toBeUndefined();
    expect(lease.scope.store.cluster(a)).toBeUndefined();
    await vi.waitFor(() => expect(c.fleet.cluster('sim-1').openWatchCount).toBe(0), wait);
    // Cut b's watch so there is traffic: b resumes and reports; a stays silent.
    c.fleet.cluster('sim-2').faults.cutWatches();
    await vi.waitFor(() => expect(c.fleet.cluster('sim-2').openWatchCount).toBe(1), wait);
    expect(events.filter((e) => e.clusterId === a && e.at > removedAt)).toEqual([]);
    expect(events.some((e) => e.clusterId === b)).toBe(true);
    lease.release();
  });

  it('holds each object once, as projected: the informer keeps what the store keeps, without managedFields', async () => {
    const { c, cache, idOf } = await start();
    const sim1 = c.fleet.cluster('sim-1');
    const podType = sim1.registry.all().find((t) => t.group === '' && t.plural === 'pods');
    if (!podType) throw new Error('sim-1 serves no pods');
    const managed = (object: KubeObject, manager: string): KubeObject => ({
      ...object,
      metadata: { ...object.metadata, managedFields: [{ manager, operation: 'Update', apiVersion: 'v1' }] },
    });
    const [listed, watched] = serverPods(sim1);
    if (!listed || !watched) throw new Error('sim-1 needs two pods');
    sim1.store.update(podType, managed(listed, 'before-the-list'));
    const lease = cache.watch({ kind: 'pods' });
    const id = idOf('sim-1');
    await untilScope(c.manager, lease.scope, (read) => read(id).status.status === 'ok', 'sim-1 listed');
    const version = sim1.store.update(podType, managed(watched, 'in-a-watch-event')).metadata.resourceVersion;
    const ref = { namespace: watched.metadata.namespace, name: watched.metadata.name };
    await vi.waitFor(
      () => expect(lease.scope.store.get(id, 'Pod', ref)?.object.metadata.resourceVersion).toBe(version),
      wait,
    );

    const session = c.manager.require(id);
    const shared = session.informers.acquire({
      resource: { group: '', version: 'v1', resource: 'pods' },
      transform: lease.scope.store.projection,
    });
    expect(session.informers.size).toBe(1);
    const held = shared.informer.list();
    expect(held).toHaveLength(serverPods(sim1).length);
    for (const object of held) {
      expect(object.metadata).not.toHaveProperty('managedFields');
      const ref = { namespace: object.metadata.namespace, name: object.metadata.name };
      expect(lease.scope.store.get(id, 'Pod', ref)?.object).toBe(object);
    }
    shared.release();
    lease.release();
  });
});
