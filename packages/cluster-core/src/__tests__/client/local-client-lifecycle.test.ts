import { afterEach, describe, expect, it } from 'vitest';
import { flushMicrotasks, ManualClock } from '../../clock';
import { ClusterManager } from '../../cluster-manager';
import { createLocalFleetClient } from '../../client/local-fleet-client';
import { FakeStream, fakeCluster } from './fake-cluster';

let manager: ClusterManager | undefined;
afterEach(() => manager?.dispose());

/** A cluster that serves an empty pod list and a watch that stays open. */
function podServingCluster(name: string, streams: FakeStream[]) {
  return fakeCluster(
    name,
    (request) => {
      if (request.path === '/api/v1')
        return {
          resources: [{ name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['list'] }],
        };
      if (request.path === '/apis') return { groups: [] };
      if (request.path === '/api/v1/pods') return { items: [], metadata: { resourceVersion: '1' } };
      return undefined;
    },
    async () => {
      const stream = new FakeStream();
      streams.push(stream);
      return stream;
    },
  );
}

describe('local client lifecycle (fake clock)', () => {
  it('close() stops every view and handler it started, and nothing starts after it', async () => {
    const clock = new ManualClock();
    manager = new ClusterManager({ connect: 'manual', session: { clock, heartbeat: false } });
    const streams: FakeStream[] = [];
    const a = manager.add(podServingCluster('a', streams)).clusterId;
    await manager.connect(a);
    const client = createLocalFleetClient(manager, { clock, inventoryIntervalMs: 0 });
    const events: string[] = [];
    client.onEvent((type) => events.push(type));
    const view = client.resources({ kind: 'pods' });
    let notified = 0;
    view.subscribe(() => notified++);
    await flushMicrotasks();
    await clock.advanceAsync(16);
    expect(view.getSnapshot()).toMatchObject({ loaded: true, partial: false, items: [] });
    expect(notified).toBeGreaterThan(0);
    expect(manager.require(a).informers.size).toBe(1);

    expect(events).toContain('cluster:informer:sync');
    client.close();
    events.length = 0;
    expect(manager.require(a).informers.size).toBe(0);
    expect(client.link.getSnapshot().state).toBe('closed');
    manager.setActive(null);
    manager.setActive(a);
    expect(events).toEqual([]);

    // A view subscribed after close() stays inert (starting it would need the closed cache).
    const later = client.resources({ kind: 'pods' });
    const off = later.subscribe(() => undefined);
    await clock.advanceAsync(1000);
    expect(manager.require(a).informers.size).toBe(0);
    expect(later.getSnapshot().clusters.map((c) => c.status)).toEqual(['syncing']);
    off();
  });

  it('shows an idle cluster as skipped with its reason, and a cluster not in the fleet as unknown', async () => {
    const clock = new ManualClock();
    manager = new ClusterManager({ connect: 'manual', session: { clock, heartbeat: false } });
    const a = manager.add(podServingCluster('a', [])).clusterId;
    const client = createLocalFleetClient(manager, { clock, inventoryIntervalMs: 0 });
    const view = client.resources({ kind: 'pods', clusters: [a, 'ghost'] });
    const off = view.subscribe(() => undefined);
    await clock.advanceAsync(16);
    expect(view.getSnapshot().clusters).toEqual([
      {
        clusterId: a,
        clusterName: 'a',
        status: 'skipped',
        count: 0,
        since: 0,
        reason: 'not connected (idle)',
      },
      {
        clusterId: 'ghost',
        clusterName: 'ghost',
        status: 'error',
        count: 0,
        since: null,
        error: expect.objectContaining({ kind: 'unknown-cluster', clusterId: 'ghost' }),
      },
    ]);
    expect(view.getSnapshot()).toMatchObject({ partial: true, loaded: true, items: [] });
    off();
    client.close();
  });
});
