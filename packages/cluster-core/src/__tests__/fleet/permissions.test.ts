import { afterEach, describe, expect, it } from 'vitest';
import { createFleet } from '../../fleet/fleet-operations';
import { startFleetHarness, type FleetHarness } from '../support/fleet-harness';

let h: FleetHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const reviews = (h: FleetHarness, name: string) =>
  h.fleet
    .cluster(name)
    .requestLog.all()
    .filter((e) => e.path.includes('selfsubjectaccessreviews')).length;

describe('permissions per cluster', () => {
  it('offers an action only where it is allowed, never deciding from one cluster', async () => {
    h = await startFleetHarness({ clusters: 3 }, { connect: 'manual' });
    h.fleet
      .cluster('sim-2')
      .faults.forbid('admin', { verbs: ['delete'], apiGroups: [''], resources: ['pods'] });
    h.fleet.cluster('sim-3').faults.hang();
    const fleet = createFleet(h.manager);
    const [a, b] = [h.idOf('sim-1'), h.idOf('sim-2')];

    expect(
      await fleet.permissions.where('delete', 'po', { namespace: 'default' }, { timeoutMs: 800 }),
    ).toEqual([a]);
    const checked = await fleet.permissions.check(
      'delete',
      'pods',
      { namespace: 'default' },
      { timeoutMs: 800 },
    );
    expect(checked.entries.map((e) => (e.status === 'ok' ? e.value : e.status))).toEqual([
      true,
      false,
      'error',
    ]);
    expect(await fleet.permissions.can(b, 'list', 'pods', { namespace: 'default' })).toBe(true);

    // Answers are cached per cluster for the TTL.
    const before = reviews(h, 'sim-1');
    expect(await fleet.permissions.can(a, 'delete', 'pods', { namespace: 'default' })).toBe(true);
    expect(reviews(h, 'sim-1')).toBe(before);
    fleet.permissions.invalidate(a);
    await fleet.permissions.can(a, 'delete', 'pods', { namespace: 'default' });
    expect(reviews(h, 'sim-1')).toBe(before + 1);
  });

  it('reads the rules of each cluster and resolves resources there', async () => {
    h = await startFleetHarness({ clusters: 2 }, { connect: 'manual' });
    h.fleet.cluster('sim-2').faults.forbid('admin', { verbs: ['*'], resources: ['secrets'] });
    const fleet = createFleet(h.manager);
    const rulesA = await fleet.permissions.rules(h.idOf('sim-1'), 'default');
    expect(rulesA.incomplete).toBe(false);
    expect(rulesA.resourceRules.length).toBeGreaterThan(0);
    expect((await fleet.permissions.rules(h.idOf('sim-2'), 'default')).incomplete).toBe(true);
    expect(await fleet.permissions.can(h.idOf('sim-1'), 'scale', 'deploy', { namespace: 'default' })).toBe(
      true,
    );
    expect(await fleet.permissions.can(h.idOf('sim-2'), 'get', 'secrets', { namespace: 'default' })).toBe(
      false,
    );
    await expect(fleet.permissions.can('nope', 'get', 'pods')).rejects.toMatchObject({
      kind: 'unknown-cluster',
    });
  });
});
