import { afterEach, describe, expect, it } from 'vitest';
import { createFleet } from '../../fleet/fleet-operations';
import { startFleetHarness, type FleetHarness } from '../support/fleet-harness';

let h: FleetHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('bad input stays with its cluster', () => {
  it('a malformed body is a malformed-response error for that cluster only', async () => {
    h = await startFleetHarness({ clusters: 2 }, { connect: 'manual' });
    const fleet = createFleet(h.manager);
    // Discovery first, so the corrupted answer is the list itself.
    await fleet.discovery.resolveAll('pods');
    h.fleet.cluster('sim-2').faults.malformedBody(1);
    const result = await fleet.list('pods');
    expect(result.entries.map((e) => e.status)).toEqual(['ok', 'error']);
    expect(result.entries[1]).toMatchObject({ clusterName: 'sim-2', error: { kind: 'malformed-response' } });
    expect(result.items.every((i) => i.clusterName === 'sim-1')).toBe(true);
    expect(result.items.length).toBeGreaterThan(0);
  });

  it('an oversized answer is a malformed-response error for that cluster only', async () => {
    h = await startFleetHarness({ clusters: 2, podsPerCluster: 1 }, { connect: 'manual' });
    const fleet = createFleet(h.manager);
    await fleet.clusters.create(
      h.idOf('sim-2'),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { blob: 'x'.repeat(40_000) } },
      { namespace: 'default' },
    );
    const result = await fleet.list('configmaps', { namespace: 'default', maxResponseBytes: 20_000 });
    expect(result.entries.map((e) => e.status)).toEqual(['ok', 'error']);
    expect(result.entries[1]).toMatchObject({
      error: { kind: 'malformed-response', message: expect.stringMatching(/maxResponseBytes/) as string },
    });
  });

  it('an unknown kind is an error entry per cluster, never an empty success', async () => {
    h = await startFleetHarness({ clusters: 2 }, { connect: 'manual' });
    const result = await createFleet(h.manager).list('gizmos');
    expect(result.entries.map((e) => (e.status === 'error' ? e.error.kind : e.status))).toEqual([
      'not-found',
      'not-found',
    ]);
    expect(result.items).toEqual([]);
    expect(result.partial).toBe(true);
  });
});
