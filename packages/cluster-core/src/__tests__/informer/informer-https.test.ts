import { SimulatedCluster, type ResourceType } from '@flotilla/cluster-testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClusterSession } from '../../cluster-session';
import type { Informer, InformerSyncPayload } from '../../informer/informer';
import { InformerRegistry, type InformerDefaults } from '../../informer/informer-registry';
import { objectKey } from '../../informer/kube-object';
import { kubeConfigFor, TransportPool } from '../support/transport-fixtures';

/** Production policies on a fast clock: bookmarks every 100 ms, so a second of silence is a stall. */
const FAST: InformerDefaults = { backoff: { initialMs: 20, maxMs: 200 }, idleTimeoutMs: 1000 };
const pods = { group: '', version: 'v1', resource: 'pods' };

let alpha: SimulatedCluster;
let bravo: SimulatedCluster;
const pool = new TransportPool();
const sessions: ClusterSession[] = [];

beforeAll(async () => {
  const start = (name: string) =>
    SimulatedCluster.start({ name, workload: { pods: 40 }, bookmarkIntervalMs: 100 });
  [alpha, bravo] = await Promise.all([start('alpha'), start('bravo')]);
});
afterEach(async () => {
  for (const session of sessions.splice(0)) session.dispose();
  pool.disposeAll();
  alpha.stopChurn();
  await Promise.all([alpha.faults.heal(), bravo.faults.heal()]);
});
afterAll(() => Promise.all([alpha.stop(), bravo.stop()]));

function sessionFor(cluster: SimulatedCluster): ClusterSession {
  const session = new ClusterSession({
    clusterId: `test:${cluster.name}`,
    clusterName: cluster.name,
    source: { type: 'manual', server: cluster.url },
    server: cluster.url,
    createTransport: () =>
      pool.create(kubeConfigFor(cluster), cluster.name, { requestTimeoutMs: 1500, connectTimeoutMs: 1000 }),
    heartbeat: false,
    client: { retry: { initialDelayMs: 20 } },
  });
  sessions.push(session);
  return session;
}

function typeOf(cluster: SimulatedCluster, plural: string): ResourceType {
  const type = cluster.registry.all().find((t) => t.plural === plural);
  if (!type) throw new Error(`no ${plural}`);
  return type;
}

/** `namespace/name@resourceVersion`, sorted: what the server holds and what the informer holds. */
const serverState = (cluster: SimulatedCluster) =>
  cluster.store
    .list(typeOf(cluster, 'pods'))
    .items.map((o) => `${objectKey(o)}@${o.metadata.resourceVersion ?? ''}`)
    .sort();
const cachedState = (informer: Informer) =>
  informer
    .list()
    .map((o) => `${objectKey(o)}@${o.metadata.resourceVersion ?? ''}`)
    .sort();

/** A copy built only from handler calls, counting calls that make no sense (lost or doubled events). */
function mirror(informer: Informer) {
  const objects = new Map<string, string>();
  let anomalies = 0;
  informer.onAdd((o) => {
    if (objects.has(objectKey(o))) anomalies++;
    objects.set(objectKey(o), o.metadata.resourceVersion ?? '');
  });
  informer.onUpdate((_, o) => {
    if (!objects.has(objectKey(o))) anomalies++;
    objects.set(objectKey(o), o.metadata.resourceVersion ?? '');
  });
  informer.onDelete((o) => {
    if (!objects.delete(objectKey(o))) anomalies++;
  });
  return {
    state: () => [...objects].map(([key, rv]) => `${key}@${rv}`).sort(),
    anomalies: () => anomalies,
  };
}

const wait = { timeout: 15_000, interval: 20 };

describe('Informer against a simulated cluster over HTTPS', () => {
  it('survives cut watches, compaction and garbage lines under churn and ends exactly at the server state', async () => {
    const registry = new InformerRegistry(sessionFor(alpha), FAST);
    const { informer, release } = registry.acquire({ resource: pods });
    await vi.waitFor(() => expect(informer.hasSynced).toBe(true), wait);
    const copy = mirror(informer);
    const errors: string[] = [];
    informer.onSync((s) => errors.push(s.lastError?.kind ?? 'none'));
    alpha.startChurn(50);

    for (let cut = 0; cut < 3; cut++) {
      await vi.waitFor(() => expect(alpha.openWatchCount).toBe(1), wait);
      expect(alpha.faults.cutWatches()).toBe(1);
      expect(alpha.openWatchCount).toBe(0);
      await vi.waitFor(() => expect(alpha.openWatchCount).toBe(1), wait);
    }

    const listsBefore = alpha.requestLog.filter((e) => !e.watch && e.path.startsWith('/api/v1/pods')).length;
    alpha.faults.expireResourceVersions();
    alpha.faults.cutWatches();
    await vi.waitFor(() => {
      const lists = alpha.requestLog.filter((e) => !e.watch && e.path.startsWith('/api/v1/pods'));
      expect(lists.length).toBeGreaterThan(listsBefore);
      expect(alpha.openWatchCount).toBe(1);
    }, wait);

    alpha.faults.malformedBody(0.3);
    await vi.waitFor(() => expect(informer.getSnapshot().lastError?.kind).toBe('malformed-response'), wait);
    await alpha.faults.heal();
    alpha.stopChurn();

    await vi.waitFor(() => expect(cachedState(informer)).toEqual(serverState(alpha)), wait);
    expect(copy.state()).toEqual(serverState(alpha));
    expect(copy.anomalies()).toBe(0);
    await vi.waitFor(() => expect(informer.getSnapshot().state).toBe('synced'), wait);
    release();
    await vi.waitFor(() => expect(alpha.openWatchCount).toBe(0), wait);
  });

  it('detects a hung cluster as a stall, goes stale, and recovers after heal', async () => {
    const session = sessionFor(alpha);
    const { informer } = new InformerRegistry(session, FAST).acquire({ resource: pods });
    await vi.waitFor(() => expect(informer.getSnapshot().state).toBe('synced'), wait);
    const published: InformerSyncPayload[] = [];
    session.events.on('cluster:informer:sync', (e) => published.push(e));

    alpha.faults.hang();
    await vi.waitFor(() => expect(informer.getSnapshot().state).toBe('stale'), wait);
    expect(informer.getSnapshot().lastError?.kind).toBe('timeout');
    expect(published[0]).toMatchObject({
      clusterId: 'test:alpha',
      state: 'stale',
      error: { kind: 'timeout' },
    });
    expect(session.errorLog.list({ source: 'informer' }).some((e) => e.error.kind === 'timeout')).toBe(true);

    await alpha.faults.heal();
    await vi.waitFor(() => expect(informer.getSnapshot().state).toBe('synced'), wait);
    const name = `after-heal-${Date.now()}`;
    alpha.store.create(typeOf(alpha, 'pods'), { metadata: { name, namespace: 'default' } });
    await vi.waitFor(() => expect(informer.get('default', name)).toBeDefined(), wait);
  });

  it('gives two acquirers one watch: one watch=true request on the server', async () => {
    const registry = new InformerRegistry(sessionFor(bravo), FAST);
    const configmaps = { group: '', version: 'v1', resource: 'configmaps', namespace: 'default' };
    bravo.requestLog.clear();
    const first = registry.acquire({ resource: configmaps });
    const second = registry.acquire({ resource: configmaps });
    await vi.waitFor(() => expect(second.informer.getSnapshot().state).toBe('synced'), wait);
    await vi.waitFor(() => expect(bravo.openWatchCount).toBe(1), wait);
    first.release();
    expect(bravo.openWatchCount).toBe(1);
    second.release();
    await vi.waitFor(() => expect(bravo.openWatchCount).toBe(0), wait);
    const watches = await vi.waitFor(() => {
      const entries = bravo.requestLog.filter((e) => e.watch);
      expect(entries.length).toBeGreaterThan(0);
      return entries;
    }, wait);
    expect(watches).toHaveLength(1);
    expect(watches[0]?.path).toContain('/api/v1/namespaces/default/configmaps?');
    expect(watches[0]?.path).toContain('watch=true');
  });

  it('keeps cluster B current while cluster A is hung', async () => {
    const a = new InformerRegistry(sessionFor(alpha), FAST).acquire({ resource: pods }).informer;
    const bSession = sessionFor(bravo);
    const b = new InformerRegistry(bSession, FAST).acquire({ resource: pods }).informer;
    await vi.waitFor(() => expect([a.hasSynced, b.hasSynced]).toEqual([true, true]), wait);
    const bStates: string[] = [];
    bSession.events.on('cluster:informer:sync', (e) => bStates.push(e.state));

    alpha.faults.hang();
    const name = `while-a-hangs-${Date.now()}`;
    bravo.store.create(typeOf(bravo, 'pods'), { metadata: { name, namespace: 'default' } });
    await vi.waitFor(() => expect(b.get('default', name)).toBeDefined(), { timeout: 2000, interval: 10 });
    await vi.waitFor(() => expect(a.getSnapshot().state).toBe('stale'), wait);
    bravo.store.delete(typeOf(bravo, 'pods'), 'default', name);
    await vi.waitFor(() => expect(b.get('default', name)).toBeUndefined(), { timeout: 2000, interval: 10 });
    expect(b.getSnapshot().state).toBe('synced');
    expect(bStates).toEqual([]);
    expect(cachedState(b)).toEqual(serverState(bravo));
  });

  it('stops its watch when the session is disposed (cluster removed)', async () => {
    const session = sessionFor(bravo);
    const { informer } = new InformerRegistry(session, FAST).acquire({ resource: pods });
    await vi.waitFor(() => expect(bravo.openWatchCount).toBe(1), wait);
    session.dispose();
    await vi.waitFor(() => expect(bravo.openWatchCount).toBe(0), wait);
    await vi.waitFor(() => expect(informer.getSnapshot().lastError?.kind).toBe('cancelled'), wait);
    expect(informer.getSnapshot().state).toBe('error');
  });
});
