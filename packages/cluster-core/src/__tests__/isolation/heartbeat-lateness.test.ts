import { afterEach, describe, expect, it } from 'vitest';
import type { HeartbeatLateness } from '../../cluster-session';
import { FAST_SESSION, startFleetHarness, type FleetHarness } from '../support/fleet-harness';

let h: FleetHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

// Only the wiring is checked: how late ticks fire is measured in bench/, never asserted here.
describe('heartbeat lateness samples', () => {
  it('reports every tick of every cluster, naming the cluster, and nothing after removal', async () => {
    const samples: HeartbeatLateness[] = [];
    h = await startFleetHarness(
      { clusters: 2 },
      { session: { ...FAST_SESSION, onHeartbeatLateness: (sample) => samples.push(sample) } },
    );
    const [a, b] = [h.session('sim-1'), h.session('sim-2')];
    const ticksOf = (clusterId: string) => samples.filter((s) => s.clusterId === clusterId).length;
    await h.fleet
      .cluster('sim-2')
      .requestLog.waitFor(() => ticksOf(a.clusterId) >= 3 && ticksOf(b.clusterId) >= 3, 5000);

    expect(samples.find((s) => s.clusterId === a.clusterId)).toMatchObject({ clusterName: 'sim-1' });
    for (const sample of samples) {
      expect(sample.latenessMs).toBe(sample.firedAt - sample.scheduledAt);
      expect(Number.isFinite(sample.scheduledAt)).toBe(true);
    }

    h.manager.remove(a.clusterId);
    const removedAt = samples.length;
    await h.fleet.cluster('sim-2').requestLog.waitFor(() => ticksOf(b.clusterId) >= 6, 5000);
    expect(samples.slice(removedAt).every((s) => s.clusterId === b.clusterId)).toBe(true);
  });
});
