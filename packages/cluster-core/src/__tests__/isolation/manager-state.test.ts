import { afterEach, describe, expect, it } from 'vitest';
import { ClusterManager } from '../../cluster-manager';
import { ClusterSession } from '../../cluster-session';
import { startFleetHarness, type FleetHarness } from '../support/fleet-harness';

/**
 * BRIEF I1: the manager holds the map of sessions and the active id, nothing else about clusters.
 * Everything else it owns is fleet plumbing, listed here on purpose: a new field (a shared failure
 * counter, a "host" cluster, a global auth flag) fails this test until someone justifies it.
 */
const FLEET_PLUMBING: Record<string, string> = {
  options: 'settings handed to each new session',
  events: 'fleet-level emitter (added, removed, active-changed)',
  bus: 'forwarding bus: every event of every session, each naming its cluster',
  listeners: 'subscribers of the fleet snapshot',
  subscribe: 'bound method (useSyncExternalStore needs it detached)',
  getSnapshot: 'bound method (useSyncExternalStore needs it detached)',
  sessions: 'the sessions, by clusterId',
  detach: 'unsubscribe functions of the forwarding, by clusterId',
  activeId: 'the active cluster id',
  restoredActiveId: 'the persisted active id waiting for its cluster to be added',
  snapshot: 'the derived fleet snapshot (the sessions’ own snapshots, in order)',
  stale: 'whether that derived snapshot must be rebuilt',
  disposed: 'lifecycle flag of the manager itself',
};

let h: FleetHarness | undefined;
afterEach(() => h?.close());

describe('the manager holds no per-cluster state of its own (I1)', () => {
  it('has only the sessions, the active id and fleet plumbing, even after failures in one cluster', async () => {
    h = await startFleetHarness({ clusters: 3 });
    h.fleet.cluster('sim-1').faults.revokeToken('admin');
    await h
      .session('sim-1')
      .request({ path: '/api/v1/pods' })
      .catch(() => undefined);
    await h.waitFor('cluster:auth:failed', (e) => e.clusterName === 'sim-1');
    h.manager.setActive(h.idOf('sim-2'));

    const manager = h.manager as unknown as Record<string, unknown>;
    expect(Object.keys(manager).sort()).toEqual(Object.keys(FLEET_PLUMBING).sort());

    const ids = h.manager.list().map((s) => s.clusterId);
    const sessions = manager['sessions'] as Map<string, unknown>;
    expect([...sessions.keys()]).toEqual(ids);
    for (const value of sessions.values()) expect(value).toBeInstanceOf(ClusterSession);
    const detach = manager['detach'] as Map<string, unknown>;
    expect([...detach.keys()]).toEqual(ids);
    for (const value of detach.values()) expect(typeof value).toBe('function');
    expect(manager['activeId']).toBe(h.idOf('sim-2'));
    // The fleet snapshot is the sessions' own snapshot objects, not a copy kept on the side.
    const snapshot = h.manager.getSnapshot();
    snapshot.clusters.forEach((cluster, i) => expect(cluster).toBe(h?.manager.list()[i]?.getSnapshot()));
  });

  it('starts with nothing but its plumbing', () => {
    const manager = new ClusterManager() as unknown as Record<string, unknown>;
    expect(Object.keys(manager).sort()).toEqual(Object.keys(FLEET_PLUMBING).sort());
  });
});
