import { afterEach, describe, expect, it } from 'vitest';
import { createFleet } from '../../fleet/fleet-operations';
import { parseQuantity } from '../../fleet/quantity';
import { startFleetHarness, type FleetHarness } from '../support/fleet-harness';

let h: FleetHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

interface NodeList {
  items: Array<{
    status: {
      allocatable: { cpu: string; memory: string };
      conditions: Array<{ type: string; status: string }>;
    };
  }>;
}

describe('cluster inventory', () => {
  it('fills nodes ready/total, allocatable and the pod count per cluster; a failed cluster keeps null', async () => {
    h = await startFleetHarness({ clusters: 2, podsPerCluster: 7 }, { connect: 'manual' });
    h.fleet.cluster('sim-2').faults.revokeToken('admin');
    const fleet = createFleet(h.manager);
    const result = await fleet.refreshInventory({ timeoutMs: 5000 });
    expect(result.entries.map((e) => e.status)).toEqual(['ok', 'error']);

    const nodes = (await h.session('sim-1').request<NodeList>({ path: '/api/v1/nodes' })).body.items;
    const pods = (await h.session('sim-1').request<{ items: unknown[] }>({ path: '/api/v1/pods' })).body
      .items;
    const cpu = nodes.reduce((sum, n) => sum + (parseQuantity(n.status.allocatable.cpu) ?? NaN), 0);
    const memory = nodes.reduce((sum, n) => sum + (parseQuantity(n.status.allocatable.memory) ?? NaN), 0);
    const ready = nodes.filter((n) =>
      n.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True'),
    );
    expect(h.session('sim-1').getSnapshot().metadata).toMatchObject({
      nodes: { ready: ready.length, total: nodes.length },
      allocatable: { cpu, memory },
      pods: pods.length,
    });
    expect(nodes.length).toBeGreaterThan(0);
    expect(pods.length).toBeGreaterThan(1);
    // Counting used one item and remainingItemCount, not the whole list.
    expect(
      h.fleet
        .cluster('sim-1')
        .requestLog.all()
        .some((e) => e.path === '/api/v1/pods?limit=1'),
    ).toBe(true);
    expect(h.session('sim-2').getSnapshot().metadata).toMatchObject({
      nodes: null,
      allocatable: null,
      pods: null,
    });
  });

  it('keeps what a cluster showed before when a later refresh of it fails: failed is not empty', async () => {
    h = await startFleetHarness({ clusters: 2, podsPerCluster: 3 }, { connect: 'manual' });
    const fleet = createFleet(h.manager);
    expect((await fleet.refreshInventory()).partial).toBe(false);
    const before = h.session('sim-1').getSnapshot().metadata;
    expect(before.nodes?.total).toBeGreaterThan(0);
    expect(before.pods).toBeGreaterThan(0);

    h.fleet.cluster('sim-1').faults.revokeToken('admin');
    const again = await fleet.refreshInventory({ timeoutMs: 5000 });
    expect(again.entries.map((e) => (e.status === 'error' ? e.error.kind : e.status))).toEqual([
      'auth',
      'ok',
    ]);
    const after = h.session('sim-1').getSnapshot().metadata;
    expect({ nodes: after.nodes, allocatable: after.allocatable, pods: after.pods }).toEqual({
      nodes: before.nodes,
      allocatable: before.allocatable,
      pods: before.pods,
    });
  });

  it('parses Kubernetes quantities', () => {
    expect(parseQuantity('3800m')).toBeCloseTo(3.8);
    expect(parseQuantity('4')).toBe(4);
    expect(parseQuantity('16Gi')).toBe(16 * 2 ** 30);
    expect(parseQuantity('16417552Ki')).toBe(16417552 * 1024);
    expect(parseQuantity('129M')).toBe(129e6);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity('0.5')).toBe(0.5);
    expect(parseQuantity('lots')).toBeNull();
    expect(parseQuantity(undefined)).toBeNull();
  });
});
