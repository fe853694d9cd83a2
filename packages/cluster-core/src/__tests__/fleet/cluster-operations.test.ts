import { afterEach, describe, expect, it } from 'vitest';
import { RESTARTED_AT_ANNOTATION } from '../../fleet/cluster-operations';
import { createFleet, type FleetOperations } from '../../fleet/fleet-operations';
import { startFleetHarness, type FleetHarness } from '../support/fleet-harness';

let h: FleetHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

interface Obj {
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  data?: Record<string, string>;
  spec?: { replicas?: number; template?: { metadata?: { annotations?: Record<string, string> } } };
}

const writes = (h: FleetHarness, name: string) =>
  h.fleet
    .cluster(name)
    .requestLog.all()
    .filter((e) => e.method !== 'GET');

async function firstDeployment(fleet: FleetOperations, clusterId: string) {
  const list = await fleet.list<Obj>('deploy', { targets: { ids: [clusterId] } });
  const item = list.items[0];
  if (!item) throw new Error('no seeded deployment');
  return { name: item.object.metadata.name, namespace: item.object.metadata.namespace ?? '' };
}

describe('explicit-cluster writes', () => {
  it('applies with server-side apply (create, then update) in the named cluster only', async () => {
    h = await startFleetHarness({ clusters: 2 }, { connect: 'manual' });
    const fleet = createFleet(h.manager);
    const a = h.idOf('sim-1');
    const manifest = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'default' },
      data: { mode: 'one' },
    };
    const created = await fleet.clusters.apply<Obj>(a, manifest);
    expect(created.data).toEqual({ mode: 'one' });
    const updated = await fleet.clusters.apply<Obj>(a, { ...manifest, data: { mode: 'two' } });
    expect(updated.data).toEqual({ mode: 'two' });
    const applies = writes(h, 'sim-1');
    expect(applies.map((e) => [e.method, e.path])).toEqual([
      ['PATCH', '/api/v1/namespaces/default/configmaps/settings?fieldManager=flotilla'],
      ['PATCH', '/api/v1/namespaces/default/configmaps/settings?fieldManager=flotilla'],
    ]);
    expect(writes(h, 'sim-2')).toEqual([]);
    expect(
      h.fleet
        .cluster('sim-2')
        .requestLog.all()
        .some((e) => e.path.includes('configmaps')),
    ).toBe(false);

    const read = await fleet.clusters.get<Obj>(a, 'cm', 'settings', { namespace: 'default' });
    expect(read.data).toEqual({ mode: 'two' });
    await expect(
      fleet.clusters.get(h.idOf('sim-2'), 'cm', 'settings', { namespace: 'default' }),
    ).rejects.toMatchObject({ kind: 'not-found', status: 404 });
  });

  it('creates, patches (merge, json, strategic) and deletes, refusing what is not explicit', async () => {
    h = await startFleetHarness({ clusters: 2 }, { connect: 'manual' });
    const fleet = createFleet(h.manager);
    const a = h.idOf('sim-1');
    await fleet.clusters.create(
      a,
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { x: '1' } },
      {
        namespace: 'default',
      },
    );
    await fleet.clusters.patch(a, 'configmaps', 'c', { data: { y: '2' } }, { namespace: 'default' });
    await fleet.clusters.patch(a, 'configmaps', 'c', [{ op: 'add', path: '/data/z', value: '3' }], {
      namespace: 'default',
      type: 'json',
    });
    const patched = await fleet.clusters.patch<Obj>(
      a,
      'configmaps',
      'c',
      { metadata: { labels: { t: 's' } } },
      {
        namespace: 'default',
        type: 'strategic',
      },
    );
    expect(patched.data).toEqual({ x: '1', y: '2', z: '3' });
    const contentTypes = writes(h, 'sim-1').map((e) => e.method);
    expect(contentTypes).toEqual(['POST', 'PATCH', 'PATCH', 'PATCH']);

    await fleet.clusters.delete(a, 'cm', 'c', { namespace: 'default', propagationPolicy: 'Foreground' });
    expect(writes(h, 'sim-1').at(-1)?.path).toBe(
      '/api/v1/namespaces/default/configmaps/c?propagationPolicy=Foreground',
    );
    expect(writes(h, 'sim-2')).toEqual([]);

    await expect(fleet.clusters.delete(a, 'cm', 'c')).rejects.toMatchObject({ kind: 'invalid' });
    await expect(fleet.clusters.delete('nope', 'cm', 'c', { namespace: 'default' })).rejects.toMatchObject({
      kind: 'unknown-cluster',
    });
  });

  it('scales through the scale subresource and restarts a rollout', async () => {
    h = await startFleetHarness({ clusters: 2 }, { connect: 'manual' });
    const fleet = createFleet(h.manager);
    const a = h.idOf('sim-1');
    const { name, namespace } = await firstDeployment(fleet, a);
    const scale = await fleet.clusters.scale(a, 'deployments', name, 4, { namespace });
    expect(scale.spec?.replicas).toBe(4);
    expect(writes(h, 'sim-1').map((e) => e.path)).toEqual([
      `/apis/apps/v1/namespaces/${namespace}/deployments/${name}/scale`,
    ]);

    const restarted = await fleet.clusters.restart<Obj>(a, 'deploy', name, { namespace });
    const stamp = restarted.spec?.template?.metadata?.annotations?.[RESTARTED_AT_ANNOTATION];
    expect(stamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(writes(h, 'sim-2')).toEqual([]);

    await expect(fleet.clusters.restart(a, 'configmaps', 'x', { namespace })).rejects.toMatchObject({
      kind: 'invalid',
    });
    await expect(fleet.clusters.scale(a, 'deploy', name, -1, { namespace })).rejects.toMatchObject({
      kind: 'invalid',
    });
  });
});
