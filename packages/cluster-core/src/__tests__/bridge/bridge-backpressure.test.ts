import { performance } from 'node:perf_hooks';
import type { KubeObject } from '@flotilla/cluster-testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { observe } from '../client/observe-view';
import { linkOpen, seedPod, startBridgeFleet, type BridgeFleet } from './bridge-fleet';

let bridge: BridgeFleet | undefined;
afterEach(async () => {
  await bridge?.close();
  bridge = undefined;
});

const HIGH_WATER_MARK = 128 * 1024;
const ANNOTATION_BYTES = 16 * 1024;

/**
 * Rewrites pods of one simulated cluster with a large annotation, a few per tick, until stopped:
 * a steady stream of big view changes. Reports each tick so the test can sample the server.
 */
function flood(
  bridgeFleet: BridgeFleet,
  cluster: string,
  onTick: (bytes: number) => void,
): { stop: () => Promise<void> } {
  const sim = bridgeFleet.fixture.fleet.cluster(cluster);
  const podType = sim.registry.byKind('v1', 'Pod');
  if (!podType) throw new Error('no pod type');
  const names = sim.store
    .list(podType)
    .items.map((pod) => [pod.metadata.namespace, pod.metadata.name] as const);
  let running = true;
  let bytes = 0;
  const loop = (async () => {
    for (let round = 0; running; round++) {
      for (let i = 0; i < 4; i++) {
        const [namespace, name] = names[(round * 4 + i) % names.length] as readonly [
          string | undefined,
          string,
        ];
        const current = sim.store.get(podType, namespace, name) as KubeObject;
        const bulk = `${round}-${'x'.repeat(ANNOTATION_BYTES)}`;
        sim.store.update(podType, {
          ...current,
          metadata: { ...current.metadata, annotations: { ...current.metadata.annotations, bulk } },
        });
        bytes += bulk.length;
      }
      onTick(bytes);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/** Resolves when `condition` holds at a flood tick; rejects after `timeoutMs`. */
function tickCondition(what: string, timeoutMs = 30_000) {
  let settle: () => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: not within ${timeoutMs} ms`)), timeoutMs);
    settle = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  return { done, settle };
}

describe('bridge backpressure', () => {
  it('a client that stops reading delays no other client; its state is coalesced and dropped events counted', async () => {
    bridge = await startBridgeFleet(
      { fleet: { clusters: 2, podsPerCluster: 40 } },
      { highWaterMark: HIGH_WATER_MARK, pingIntervalMs: 0 },
    );
    const two = bridge.idOf('sim-2');
    const fast = bridge.connect();
    const slow = bridge.connect();
    await Promise.all([linkOpen(fast.client), linkOpen(slow.client)]);
    const fastPods = observe(fast.client.resources({ kind: 'pods', clusters: [two] }));
    const slowPods = observe(slow.client.resources({ kind: 'pods' }));
    await fastPods.until((s) => s.loaded && !s.partial, 'the fast client listing sim-2');
    await slowPods.until((s) => s.loaded && !s.partial, 'the slow client listing both clusters');

    const slowSocket = slow.sockets.sockets.at(-1);
    if (!slowSocket) throw new Error('no socket');
    slowSocket.pause();
    const slowStats = () => {
      const connections = bridge?.server.connections() ?? [];
      return connections.find((c) => c.id === Math.max(...connections.map((x) => x.id)));
    };
    let maxBuffered = 0;
    let bytesWhenCongested: number | null = null;
    const congested = tickCondition('the slow client backing up');
    const floodedOn = tickCondition('2 MB more produced while backed up');
    const traffic = flood(bridge, 'sim-1', (bytes) => {
      const stats = slowStats();
      maxBuffered = Math.max(maxBuffered, stats?.bufferedAmount ?? 0);
      if (stats?.congested && bytesWhenCongested === null) {
        bytesWhenCongested = bytes;
        congested.settle();
      }
      if (bytesWhenCongested !== null && bytes - bytesWhenCongested > 2 * 1024 * 1024) floodedOn.settle();
    });

    try {
      await congested.done;
      // While the slow client is backed up, every change in sim-2 reaches the fast client promptly.
      const latencies: number[] = [];
      for (let k = 0; k < 10; k++) {
        const name = `marker-${k}`;
        const started = performance.now();
        seedPod(bridge, 'sim-2', name);
        await fastPods.until((s) => s.items.some((i) => i.object.metadata.name === name), name, 10_000);
        latencies.push(performance.now() - started);
      }
      expect(Math.max(...latencies)).toBeLessThan(3000);
      await floodedOn.done;
      expect(slowStats()?.congested).toBe(true);
    } finally {
      await traffic.stop();
    }

    // Megabytes of changes later, the slow connection's buffer is still near the high-water mark:
    // state was coalesced, not queued.
    expect(maxBuffered).toBeLessThan(HIGH_WATER_MARK + 1024 * 1024);
    expect(slowStats()?.droppedEvents).toBeGreaterThan(0);

    // Once it reads again it converges on the current state and learns that events were dropped.
    slowSocket.resume();
    const one = bridge.idOf('sim-1');
    const sim1 = bridge.fixture.fleet.cluster('sim-1');
    const podType = sim1.registry.byKind('v1', 'Pod');
    if (!podType) throw new Error('no pod type');
    const serverBulk = new Map(
      sim1.store.list(podType).items.map((pod) => [pod.metadata.name, pod.metadata.annotations?.['bulk']]),
    );
    const settled = await slowPods.until(
      (s) =>
        s.items.some((i) => i.object.metadata.name === 'marker-9') &&
        s.items
          .filter((i) => i.clusterId === one)
          .every((i) => i.object.metadata.annotations?.['bulk'] === serverBulk.get(i.object.metadata.name)),
      'the slow client catching up',
      30_000,
    );
    expect(settled.items.filter((i) => i.clusterId === one)).toHaveLength(serverBulk.size);
    expect(slow.client.link.getSnapshot().droppedEvents).toBeGreaterThan(0);
    expect(fast.client.link.getSnapshot().droppedEvents).toBe(0);
    fastPods.close();
    slowPods.close();
  });
});
