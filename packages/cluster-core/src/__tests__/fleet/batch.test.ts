import { afterEach, describe, expect, it } from 'vitest';
import type { BatchPhase } from '../../fleet/batch';
import { createFleet } from '../../fleet/fleet-operations';
import { startFleetHarness, type FleetHarness } from '../support/fleet-harness';

let h: FleetHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const manifest = (name: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  data: { owner: 'batch' },
});

const writesTo = (h: FleetHarness, cluster: string, what: string) =>
  h.fleet
    .cluster(cluster)
    .requestLog.all()
    .filter((e) => e.method !== 'GET' && e.path.includes(what))
    .map((e) => (e.path.includes('dryRun=All') ? 'dry-run' : 'write'));

describe('batch writes', () => {
  it('dry-runs everywhere first, then writes only where the dry-run passed', async () => {
    h = await startFleetHarness({ clusters: 3 }, { connect: 'manual' });
    h.fleet
      .cluster('sim-2')
      .faults.forbid('admin', { verbs: ['patch', 'create'], resources: ['configmaps'] });
    const fleet = createFleet(h.manager);
    const phases: Array<[BatchPhase, string]> = [];
    const result = await fleet.batch.apply('all', [manifest('one'), manifest('two')], {
      namespace: 'default',
      onProgress: (p) => phases.push([p.phase, p.clusterName]),
    });
    expect(result.entries.map((e) => [e.clusterName, e.status])).toEqual([
      ['sim-1', 'ok'],
      ['sim-2', 'skipped'],
      ['sim-3', 'ok'],
    ]);
    expect(result.entries[1]).toMatchObject({
      reason: 'dry-run failed',
      error: { kind: 'authz', status: 403 },
    });
    expect(result.entries[0]).toMatchObject({
      value: [
        { name: 'one', namespace: 'default', result: 'applied' },
        { name: 'two', namespace: 'default', result: 'applied' },
      ],
    });
    expect(result.dryRun?.entries.map((e) => e.status)).toEqual(['ok', 'error', 'ok']);
    expect(phases.filter(([phase]) => phase === 'dry-run')).toHaveLength(3);
    expect(
      phases
        .slice(3)
        .map(([, c]) => c)
        .sort(),
    ).toEqual(['sim-1', 'sim-3']);
    expect(writesTo(h, 'sim-1', 'configmaps')).toEqual(['dry-run', 'dry-run', 'write', 'write']);
    expect(writesTo(h, 'sim-2', 'configmaps')).toEqual(['dry-run']);

    const removed = await fleet.batch.delete({ ids: [h.idOf('sim-1'), h.idOf('sim-2')] }, [manifest('one')], {
      namespace: 'default',
      dryRunFirst: false,
    });
    expect(removed.entries.map((e) => (e.status === 'ok' ? e.value[0]?.result : e.status))).toEqual([
      'deleted',
      'absent',
    ]);
  });

  it('writes nowhere when asked to abort on any failed dry-run', async () => {
    h = await startFleetHarness({ clusters: 2 }, { connect: 'manual' });
    h.fleet.cluster('sim-2').faults.forbid('admin', { verbs: ['*'], resources: ['configmaps'] });
    const fleet = createFleet(h.manager);
    const result = await fleet.batch.apply('all', [manifest('one')], {
      namespace: 'default',
      onDryRunFailure: 'abort',
    });
    expect(result.entries.map((e) => e.status)).toEqual(['skipped', 'skipped']);
    expect(result.entries[0]).toMatchObject({ reason: 'dry-run failed in another cluster' });
    expect(writesTo(h, 'sim-1', 'configmaps')).toEqual(['dry-run']);
  });

  it('cancels: nothing is written after the signal aborts', async () => {
    h = await startFleetHarness({ clusters: 2 }, { connect: 'manual' });
    h.fleet.cluster('sim-2').faults.hang();
    const fleet = createFleet(h.manager);
    const controller = new AbortController();
    const started = Date.now();
    const result = await fleet.batch.apply('all', [manifest('one')], {
      namespace: 'default',
      timeoutMs: 10_000,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'dry-run' && p.clusterName === 'sim-1') controller.abort();
      },
    });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.dryRun?.entries.map((e) => e.status)).toEqual(['ok', 'cancelled']);
    expect(result.entries.map((e) => e.status)).toEqual(['cancelled', 'cancelled']);
    expect(writesTo(h, 'sim-1', 'configmaps')).toEqual(['dry-run']);
  });
});
