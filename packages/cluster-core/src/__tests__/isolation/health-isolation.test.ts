import { afterEach, describe, expect, it } from 'vitest';
import { startFleetHarness, type FleetHarness } from '../support/fleet-harness';

let h: FleetHarness;
afterEach(() => h?.close());

describe('health and transport isolation', () => {
  it('heartbeats run independently: with A hung, B’s ticks stay on time', async () => {
    h = await startFleetHarness({ clusters: 2 });
    const [a, b] = [h.session('sim-1'), h.session('sim-2')];
    await h.waitFor('cluster:health:healthy', (e) => e.clusterId === b.clusterId);
    h.fleet.cluster('sim-1').faults.hang();
    await h.waitFor('cluster:health:degraded', (e) => e.clusterId === a.clusterId, 5000);
    const bLog = h.fleet.cluster('sim-2').requestLog;
    const since = Date.now();
    await bLog
      .waitFor(() => bLog.filter((e) => e.path === '/readyz' && e.at >= since).length >= 6, 5000)
      .catch(() => undefined);
    const ticks = bLog.filter((e) => e.path === '/readyz' && e.at >= since).map((e) => e.at);
    expect(ticks.length).toBeGreaterThanOrEqual(5);
    const gaps = ticks.slice(1).map((t, i) => t - (ticks[i] as number));
    // B ticks every 200 ms ± 10 %. Had A's hung probe (400 ms deadline) held B up, B's gaps would be
    // at least 600 ms; the bound leaves room for a loaded CI machine without hiding such coupling.
    expect(Math.max(...gaps)).toBeLessThan(550);
    expect(b.getSnapshot().health).toBe('healthy');
    expect(a.getSnapshot().health).toBe('degraded');
  });

  it('3 transport failures in A rebuild only A, and A’s cooldown never blocks B’s own rebuild', async () => {
    h = await startFleetHarness({ clusters: 2 });
    const [a, b] = [h.session('sim-1'), h.session('sim-2')];
    await h.waitFor('cluster:health:healthy', (e) => e.clusterId === a.clusterId);
    await h.fleet.cluster('sim-1').faults.refuse();
    const rebuiltA = await h.waitFor('cluster:transport:rebuilt', (e) => e.clusterId === a.clusterId, 5000);
    expect(rebuiltA.failures).toBe(3);
    expect(
      h.events.filter(
        (e) => e.type.startsWith('cluster:transport:') && e.payload['clusterId'] === b.clusterId,
      ),
    ).toEqual([]);
    expect(a.tracker.getSnapshot().cooldownUntil).toBeGreaterThan(Date.now());

    await h.fleet.cluster('sim-2').faults.refuse();
    const rebuiltB = await h.waitFor('cluster:transport:rebuilt', (e) => e.clusterId === b.clusterId, 5000);
    expect(rebuiltB.clusterName).toBe('sim-2');
    expect(a.tracker.rebuildCount).toBe(1);

    await h.fleet.cluster('sim-1').faults.heal();
    await h.waitFor('cluster:health:healthy', (e) => e.clusterId === a.clusterId, 5000);
    // Rebuilding kept A's auth wiring: authenticated requests still work.
    expect((await a.request({ path: '/api/v1/namespaces' })).status).toBe(200);
  });

  it('every emitted event identifies its cluster', async () => {
    h = await startFleetHarness({ clusters: 3 });
    await h.waitFor('cluster:health:healthy', (e) => e.clusterName === 'sim-3');
    const degraded = h.waitFor('cluster:health:degraded', (e) => e.clusterName === 'sim-1', 5000);
    h.fleet.cluster('sim-1').faults.hang();
    h.fleet.cluster('sim-2').faults.revokeToken('admin');
    h.fleet.cluster('sim-3').faults.errorRate(1, 503);
    await Promise.allSettled(
      ['sim-1', 'sim-2', 'sim-3'].map((n) => h.session(n).request({ path: '/api/v1/pods', timeoutMs: 600 })),
    );
    await degraded;
    const names = new Map(h.manager.list().map((s) => [s.clusterId, s.clusterName]));
    const clusterEvents = h.events.filter((e) => e.type !== 'fleet:active-changed');
    expect(clusterEvents.length).toBeGreaterThan(10);
    for (const event of clusterEvents) {
      expect(names.get(event.payload['clusterId'] as string), `${event.type} without a known clusterId`).toBe(
        event.payload['clusterName'],
      );
    }
    expect(clusterEvents.some((e) => e.type === 'cluster:fetch:retrying')).toBe(true);
    expect(clusterEvents.some((e) => e.type === 'cluster:auth:failed')).toBe(true);
    expect(clusterEvents.some((e) => e.type === 'cluster:error')).toBe(true);
  });
});
