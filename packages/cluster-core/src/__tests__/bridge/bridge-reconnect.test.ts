import { afterEach, describe, expect, it } from 'vitest';
import { FlotillaError } from '../../errors';
import { observe } from '../client/observe-view';
import { linkOpen, seedPod, startBridgeFleet, type BridgeFleet } from './bridge-fleet';
import { waitForView } from './bridge-harness';

let bridge: BridgeFleet | undefined;
afterEach(async () => {
  await bridge?.close();
  bridge = undefined;
});

const podNames = (
  items: ReadonlyArray<{ clusterId: string; object: { metadata: { name: string } } }>,
  id: string,
) => items.filter((item) => item.clusterId === id).map((item) => item.object.metadata.name);

describe('bridge reconnect', () => {
  it('resynchronises after the server restarts: fresh fleet, re-opened views, changes made meanwhile', async () => {
    bridge = await startBridgeFleet({ fleet: { clusters: 2 } });
    const [one, two] = [bridge.idOf('sim-1'), bridge.idOf('sim-2')];
    const { client } = bridge.connect();
    await linkOpen(client);
    const pods = observe(client.resources({ kind: 'pods' }));
    await pods.until((s) => s.loaded && !s.partial, 'pods of both clusters');
    expect(client.getSnapshot().activeClusterId).toBeNull();

    // A request in flight to a hung cluster when the link drops: it fails with a transport error
    // that names that cluster, not some other one and not silence.
    bridge.fixture.fleet.cluster('sim-2').faults.hang();
    const inFlight = client.actions.cordon(two, 'worker-1').catch((e: unknown) => e);

    const link = observe(client.link);
    await bridge.restart(async () => {
      await link.until((l) => l.state === 'reconnecting' && l.nextRetryAt !== null, 'reconnecting');
      bridge?.fixture.manager.setActive(one);
      seedPod(bridge as BridgeFleet, 'sim-1', 'born-while-away');
    });
    const failed = await inFlight;
    expect(failed).toBeInstanceOf(FlotillaError);
    expect(failed).toMatchObject({ kind: 'transport', clusterId: two, clusterName: 'sim-2' });
    await bridge.fixture.fleet.cluster('sim-2').faults.heal();

    await linkOpen(client);
    expect(client.link.getSnapshot()).toMatchObject({ state: 'open', attempt: 0, reason: null });
    expect(client.getSnapshot().activeClusterId).toBe(one);
    const after = await pods.until(
      (s) => podNames(s.items, one).includes('born-while-away') && !s.partial,
      'the pod created while disconnected, and both clusters listed',
    );
    expect(podNames(after.items, two).length).toBeGreaterThan(0);
    pods.close();
    link.close();
  });

  it('resynchronises after its own socket drops, and shows nothing stale once open', async () => {
    bridge = await startBridgeFleet({ fleet: { clusters: 2 } });
    const two = bridge.idOf('sim-2');
    const { client, sockets } = bridge.connect({ reconnect: { initialMs: 300, maxMs: 300, jitter: 0 } });
    await linkOpen(client);
    await waitForView(client, (f) => f.clusters.find((c) => c.clusterId === two)?.connection === 'connected');

    sockets.sockets.at(-1)?.terminate();
    await waitForView(client.link, (l) => l.state === 'reconnecting');
    await bridge.fixture.manager.disconnect(two);
    const expected = bridge.fixture.manager.get(two)?.getSnapshot().connection;
    expect(expected).not.toBe('connected');
    // Nothing reached this client while its socket was down.
    expect(client.getCluster(two)?.connection).toBe('connected');

    await linkOpen(client);
    expect(client.getCluster(two)?.connection).toBe(
      bridge.fixture.manager.get(two)?.getSnapshot().connection,
    );
    expect(sockets.sockets).toHaveLength(2);
  });
});
