import { afterEach, describe, expect, it } from 'vitest';
import { flushMicrotasks, ManualClock } from '../../clock';
import { ClusterManager } from '../../cluster-manager';
import { FleetCache } from '../../fleet-cache/fleet-cache';
import { createFleet } from '../../fleet/fleet-operations';
import { fakeCluster } from '../client/fake-cluster';

let manager: ClusterManager | undefined;
let cache: FleetCache | undefined;
afterEach(() => {
  cache?.dispose();
  manager?.dispose();
});

describe('ClusterFeed timers (fake clock)', () => {
  it('retries a failed kind lookup with backoff on that cluster alone, and stops for good with its session', async () => {
    const clock = new ManualClock();
    manager = new ClusterManager({ connect: 'manual', session: { clock, heartbeat: false } });
    const reads = { a: 0, b: 0 };
    // `a` cannot serve discovery (no group list); `b` serves pods.
    const a = manager.add(
      fakeCluster('a', (request) => {
        if (request.path === '/apis') reads.a++;
        return undefined;
      }),
    ).clusterId;
    const b = manager.add(
      fakeCluster('b', (request) => {
        if (request.path === '/api/v1') {
          reads.b++;
          return {
            resources: [
              { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['list', 'watch'] },
            ],
          };
        }
        if (request.path === '/apis') return { groups: [] };
        return new Promise(() => undefined); // lists never answer: b stays syncing
      }),
    ).clusterId;
    await Promise.all([manager.connect(a), manager.connect(b)]);
    const fleet = createFleet(manager, { clock });
    cache = new FleetCache(manager, fleet.discovery, {
      clock,
      random: () => 0,
      resolveBackoff: { initialMs: 1000, maxMs: 4000 },
    });
    const lease = cache.watch({ kind: 'pods' });
    await flushMicrotasks();
    expect(lease.scope.feedStatus(a)).toMatchObject({
      phase: 'resolving',
      error: { kind: 'not-found', clusterId: a },
    });
    expect(lease.scope.feedStatus(b)).toMatchObject({ phase: 'watching', kind: 'Pod' });
    expect(reads).toEqual({ a: 1, b: 1 });

    await clock.advanceAsync(999);
    expect(reads.a).toBe(1);
    await clock.advanceAsync(1);
    expect(reads.a).toBe(2);
    await clock.advanceAsync(2000);
    expect(reads.a).toBe(3);
    await clock.advanceAsync(4000);
    expect(reads.a).toBe(4);
    await clock.advanceAsync(4000); // capped at maxMs
    expect(reads.a).toBe(5);
    expect(reads.b).toBe(1); // b resolved once and was never held up by a's retries

    manager.remove(a);
    expect(lease.scope.feedStatus(a)).toBeUndefined();
    await clock.advanceAsync(60_000);
    expect(reads.a).toBe(5);
    lease.release();
  });

  it('does not retry once its manager is disposed under it', async () => {
    const clock = new ManualClock();
    manager = new ClusterManager({ connect: 'manual', session: { clock, heartbeat: false } });
    let reads = 0;
    const a = manager.add(
      fakeCluster('a', (request) => {
        if (request.path === '/apis') reads++;
        return undefined;
      }),
    ).clusterId;
    await manager.connect(a);
    cache = new FleetCache(manager, createFleet(manager, { clock }).discovery, {
      clock,
      random: () => 0,
      resolveBackoff: { initialMs: 1000, maxMs: 1000 },
    });
    cache.watch({ kind: 'pods' });
    await flushMicrotasks();
    expect(reads).toBe(1);
    manager.dispose();
    await clock.advanceAsync(1000); // the pending retry runs once, finds the session gone, and ends
    await clock.advanceAsync(60_000);
    expect(reads).toBe(1);
    expect(clock.pendingTimers).toBe(0);
  });
});
