import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClusterManager } from '../../cluster-manager';
import { fanOut } from '../../fleet/fan-out';
import { createFleet } from '../../fleet/fleet-operations';
import type { FleetEntry, FleetProgress } from '../../fleet/fleet-result';
import { fakeCluster } from '../client/fake-cluster';
import { FAST_SESSION, startFleetHarness, type FleetHarness } from '../support/fleet-harness';

let h: FleetHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

// Connection failures are not retried here, so a refused cluster fails fast instead of backing off.
const NO_CONNECT_RETRY = {
  connect: 'manual' as const,
  session: { ...FAST_SESSION, client: { retry: { maxRetries: 2, maxRetriesWithoutRetryAfter: 0 } } },
};

interface Pod {
  metadata: { name: string; namespace: string };
}

describe('fleet fan-out', () => {
  it('returns healthy items and one typed error each for a hung, a 401 and a refused cluster, within the deadline', async () => {
    h = await startFleetHarness({ clusters: 5, podsPerCluster: 5 }, NO_CONNECT_RETRY);
    h.fleet.cluster('sim-3').faults.hang();
    h.fleet.cluster('sim-4').faults.revokeToken('admin');
    await h.fleet.cluster('sim-5').faults.refuse();
    const fleet = createFleet(h.manager);
    const progress: Array<FleetProgress<unknown> & { at: number }> = [];
    const started = Date.now();
    const result = await fleet.list<Pod>('pods', {
      timeoutMs: 1500,
      onProgress: (p) => progress.push({ ...p, at: Date.now() }),
    });
    const elapsed = Date.now() - started;

    expect(elapsed).toBeLessThan(3500);
    expect(result.partial).toBe(true);
    expect(result.entries.map((e) => [e.clusterName, e.status])).toEqual([
      ['sim-1', 'ok'],
      ['sim-2', 'ok'],
      ['sim-3', 'error'],
      ['sim-4', 'error'],
      ['sim-5', 'error'],
    ]);
    const errorKinds = result.entries.map((e) => (e.status === 'error' ? e.error.kind : null));
    expect(errorKinds).toEqual([null, null, 'timeout', 'auth', 'transport']);
    for (const entry of result.entries.slice(0, 2)) {
      expect(entry.status === 'ok' && entry.items.length).toBeGreaterThan(0);
    }
    const origins = new Set(result.items.map((i) => i.clusterName));
    expect(origins).toEqual(new Set(['sim-1', 'sim-2']));
    expect(result.items.every((i) => i.clusterId === h?.idOf(i.clusterName))).toBe(true);

    // Healthy clusters were reported well before the hung one's deadline.
    const healthy = progress.filter((p) => p.clusterName === 'sim-1' || p.clusterName === 'sim-2');
    expect(healthy.every((p) => p.at - started < 1200)).toBe(true);
    const hung = progress.find((p) => p.clusterName === 'sim-3');
    expect(hung?.at).toBeGreaterThanOrEqual(Math.max(...healthy.map((p) => p.at)));
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4, 5]);
    expect(progress.every((p) => p.total === 5)).toBe(true);
  });

  it('cancels what is still running when the signal aborts, keeping finished results', async () => {
    h = await startFleetHarness({ clusters: 2 }, { connect: 'manual' });
    h.fleet.cluster('sim-2').faults.hang();
    const fleet = createFleet(h.manager);
    const controller = new AbortController();
    let abortedAt = 0;
    const result = await fleet.run(
      'all',
      async (session, signal) =>
        (await session.request<{ items: unknown[] }>({ path: '/api/v1/namespaces', signal })).body,
      {
        timeoutMs: 10_000,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.clusterName !== 'sim-1') return;
          abortedAt = Date.now();
          controller.abort();
        },
      },
    );
    expect(Date.now() - abortedAt).toBeLessThan(500);
    expect(result.entries.map((e) => e.status)).toEqual(['ok', 'cancelled']);
    const cancelled = result.entries[1];
    expect(cancelled?.status === 'cancelled' && cancelled.error.kind).toBe('cancelled');
  });

  it('adds a single listener to the caller’s signal, however many clusters it works on', async () => {
    const manager = new ClusterManager({ connect: 'manual' });
    manager.addAll(Array.from({ length: 24 }, (_, i) => fakeCluster(`c${i + 1}`)));
    const controller = new AbortController();
    let running = 0;
    const call = fanOut(
      manager,
      'all',
      (_session, signal) => {
        running++;
        return new Promise<never>((_, reject) =>
          signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }),
        );
      },
      { signal: controller.signal, concurrency: 16, timeoutMs: 60_000 },
    );
    await vi.waitFor(() => expect(running).toBe(16));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);

    controller.abort();
    const result = await call;
    expect(result.entries.map((e) => e.status)).toEqual(Array(24).fill('cancelled'));
    expect(running).toBe(16);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    manager.dispose();
  });

  it('does not wait for a task that ignores its signal past its deadline', async () => {
    h = await startFleetHarness({ clusters: 2 }, { connect: 'manual' });
    const fleet = createFleet(h.manager);
    const started = Date.now();
    const result = await fleet.run(
      'all',
      (session) =>
        session.clusterName === 'sim-1' ? Promise.resolve(1) : new Promise<number>(() => undefined),
      { timeoutMs: 200 },
    );
    expect(Date.now() - started).toBeLessThan(1500);
    expect(result.entries.map((e) => e.status)).toEqual(['ok', 'error']);
  });

  it('keeps at most `concurrency` clusters in flight', async () => {
    h = await startFleetHarness({ clusters: 6, podsPerCluster: 1 }, { connect: 'manual' });
    for (const cluster of h.fleet.clusters) cluster.faults.latency(120);
    const fleet = createFleet(h.manager);
    let active = 0;
    let peak = 0;
    const result = await fleet.run(
      'all',
      async (session, signal) => {
        active++;
        peak = Math.max(peak, active);
        try {
          return (await session.request({ path: '/api/v1/namespaces', signal })).status;
        } finally {
          active--;
        }
      },
      { concurrency: 2 },
    );
    expect(result.entries.map((e) => e.status)).toEqual(Array(6).fill('ok'));
    expect(peak).toBe(2);
  });

  it('answers an unknown id with an unknown-cluster entry and reports skipped clusters', async () => {
    h = await startFleetHarness({ clusters: 2 }, { connect: 'manual' });
    await h.manager.connect(h.idOf('sim-1'));
    const fleet = createFleet(h.manager);
    const byIds = await fleet.request<unknown>(
      { path: '/version' },
      { targets: { ids: [h.idOf('sim-1'), 'nope'] } },
    );
    expect(byIds.entries.map((e) => e.status)).toEqual(['ok', 'error']);
    expect(byIds.entries[1]).toMatchObject({ clusterId: 'nope', error: { kind: 'unknown-cluster' } });
    expect(byIds.partial).toBe(true);

    const connected = await fleet.request({ path: '/version' }, { targets: 'connected' });
    const skipped = connected.entries.find((e) => e.clusterName === 'sim-2') as FleetEntry<unknown>;
    expect(skipped).toMatchObject({ status: 'skipped', reason: 'not connected (idle)' });
    expect(h.fleet.cluster('sim-2').requestLog.all()).toEqual([]);

    const where = await fleet.request(
      { path: '/version' },
      { targets: { where: (c) => c.clusterName === 'sim-2' } },
    );
    expect(where.entries.map((e) => e.clusterName)).toEqual(['sim-2']);
    expect(() => fleet.request({ path: '/api/v1/pods', method: 'DELETE' as 'GET' })).toThrow(
      /explicit cluster/,
    );
  });

  it('gets one named object from every cluster: where it is missing is that cluster’s not-found entry', async () => {
    h = await startFleetHarness({ clusters: 3 }, { connect: 'manual' });
    h.fleet.cluster('sim-3').faults.revokeToken('admin');
    const fleet = createFleet(h.manager);
    await fleet.clusters.create(
      h.idOf('sim-1'),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { mode: 'a' } },
      { namespace: 'default' },
    );
    const result = await fleet.get<{ data: Record<string, string> }>('cm', 'settings', {
      namespace: 'default',
      timeoutMs: 5000,
    });
    expect(result.entries.map((e) => (e.status === 'ok' ? e.value.data : e.status))).toEqual([
      { mode: 'a' },
      'error',
      'error',
    ]);
    expect(result.entries[1]).toMatchObject({
      clusterName: 'sim-2',
      error: { kind: 'not-found', status: 404 },
    });
    expect(result.entries[2]).toMatchObject({ clusterName: 'sim-3', error: { kind: 'auth' } });
    expect(result.partial).toBe(true);
  });

  it('survives a throwing progress listener', async () => {
    h = await startFleetHarness({ clusters: 2 }, { connect: 'manual' });
    const fleet = createFleet(h.manager);
    const result = await fleet.request(
      { path: '/version' },
      {
        onProgress: () => {
          throw new Error('listener bug');
        },
      },
    );
    expect(result.partial).toBe(false);
  });
});
