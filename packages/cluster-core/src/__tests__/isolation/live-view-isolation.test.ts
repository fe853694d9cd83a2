import { afterEach, describe, expect, it } from 'vitest';
import type { FleetClient } from '../../client/fleet-client';
import { createLocalFleetClient } from '../../client/local-fleet-client';
import { addPod, serverCount, statusOf, summary } from '../client/conformance-helpers';
import { startConformanceFleet, type ConformanceFleet } from '../client/conformance-fleet';
import { observe } from '../client/observe-view';

let c: ConformanceFleet | undefined;
let client: FleetClient | undefined;
afterEach(async () => {
  client?.close();
  await c?.close();
  c = undefined;
});

describe('live view isolation', () => {
  it('a hung cluster does not delay another cluster’s updates in the same resource view', async () => {
    c = await startConformanceFleet({ fleet: { clusters: 2 } });
    client = createLocalFleetClient(c.manager, c.clientOptions());
    const idOf = (name: string) => c?.manager.list().find((s) => s.clusterName === name)?.clusterId ?? '';
    const [a, b] = [idOf('sim-1'), idOf('sim-2')];
    const view = observe(client.resources({ kind: 'pods' }), summary);
    await view.until((s) => s.loaded && !s.partial, 'both clusters synced');

    const hung = c.fleet.cluster('sim-2');
    hung.faults.hang();
    // The hang is noticed (heartbeat deadline, then the connection counts as lost): b is stale, with
    // its last known pods kept and labelled, not dropped or shown as current.
    const stale = await view.until((s) => statusOf(s, b)?.status === 'stale', 'b stale');
    expect(statusOf(stale, b)?.count).toBe(serverCount(hung));
    expect(statusOf(stale, b)?.error?.clusterId).toBe(b);
    expect(stale.partial).toBe(true);

    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      const name = `during-hang-${i}`;
      const started = Date.now();
      addPod(c.fleet.cluster('sim-1'), name);
      await view.until(
        (s) => s.items.some((item) => item.clusterId === a && item.object.metadata.name === name),
        name,
      );
      latencies.push(Date.now() - started);
    }
    // Every wait on the hung cluster is 2 s or more (request deadline) and its watch never ends by
    // itself; a's changes arriving well under a second each shows none of that reached a's path.
    expect(Math.max(...latencies)).toBeLessThan(1000);
    expect(statusOf(view.current, a)).toMatchObject({
      status: 'ok',
      count: serverCount(c.fleet.cluster('sim-1')),
    });
    expect(statusOf(view.current, b)?.status).toBe('stale');

    addPod(hung, 'after-heal');
    await hung.faults.heal();
    await view.until(
      (s) =>
        statusOf(s, b)?.status === 'ok' &&
        s.items.some((item) => item.clusterId === b && item.object.metadata.name === 'after-heal'),
      'b current again',
    );
    view.close();
  });
});
