import { afterEach, describe, expect, it } from 'vitest';
import { flushMicrotasks, ManualClock } from '../../clock';
import { ClusterManager } from '../../cluster-manager';
import type { FleetClient } from '../../client/fleet-client';
import { InventoryRefresher } from '../../client/inventory-refresher';
import { createLocalFleetClient } from '../../client/local-fleet-client';
import type { FleetOperations } from '../../fleet/fleet-operations';
import { FakeStream, fakeCluster } from './fake-cluster';
import { observe } from './observe-view';

/** Lets every pending promise callback run (the fake clock does not move). */
const drain = () => new Promise<void>((resolve) => setImmediate(resolve));

let manager: ClusterManager | undefined;
let client: FleetClient | undefined;
afterEach(() => {
  client?.close();
  manager?.dispose();
});

function fleetOf(clock: ManualClock) {
  manager = new ClusterManager({ connect: 'manual', session: { clock, heartbeat: false } });
  return manager;
}

/** Records refreshes; a cluster listed in `hanging` never finishes one. */
function fakeFleet(hanging: Set<string> = new Set()) {
  const calls: string[] = [];
  const fleet = {
    refreshInventory(options: { targets: { ids: string[] } }) {
      const id = options.targets.ids[0] as string;
      calls.push(id);
      return hanging.has(id)
        ? new Promise(() => undefined)
        : Promise.resolve({ entries: [], partial: false });
    },
  } as unknown as FleetOperations;
  return { fleet, calls };
}

describe('inventory refresh (fake clock)', () => {
  it('reads a cluster when it connects, then on its own timer; a hung cluster holds up only itself', async () => {
    const clock = new ManualClock(1_000);
    const m = fleetOf(clock);
    const [a, b] = [m.add(fakeCluster('a')).clusterId, m.add(fakeCluster('b')).clusterId];
    const { fleet, calls } = fakeFleet(new Set([b]));
    const refresher = new InventoryRefresher(m, fleet, clock, 60_000);
    await clock.advanceAsync(120_000);
    expect(calls).toEqual([]); // idle clusters are not read

    await m.connect(a);
    await flushMicrotasks();
    expect(calls).toEqual([a]);
    await m.connect(b);
    await flushMicrotasks();
    expect(calls).toEqual([a, b]);

    await clock.advanceAsync(59_999);
    expect(calls).toEqual([a, b]);
    await clock.advanceAsync(1);
    expect(calls).toEqual([a, b, a]);
    await clock.advanceAsync(120_000);
    expect(calls).toEqual([a, b, a, a, a]); // b's refresh never ended: no second one piles up

    m.disconnect(a);
    await clock.advanceAsync(180_000);
    expect(calls.filter((id) => id === a)).toHaveLength(4);
    refresher.close();
  });

  it('does nothing with an interval of 0', async () => {
    const clock = new ManualClock();
    const m = fleetOf(clock);
    const a = m.add(fakeCluster('a')).clusterId;
    const { fleet, calls } = fakeFleet();
    const refresher = new InventoryRefresher(m, fleet, clock, 0);
    await m.connect(a);
    await clock.advanceAsync(600_000);
    expect(calls).toEqual([]);
    refresher.close();
  });
});

describe('pod log view (fake clock)', () => {
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`);

  it('keeps the newest lines within its bound and counts the dropped ones', async () => {
    const clock = new ManualClock();
    const m = fleetOf(clock);
    const a = m.add(
      fakeCluster('a', (req) => (req.path.endsWith('/log') ? `${lines(2500).join('\n')}\n` : undefined)),
    ).clusterId;
    client = createLocalFleetClient(m, { clock, inventoryIntervalMs: 0, podLogLines: 1000 });
    const view = observe(client.podLogs(a, { namespace: 'web', pod: 'api-1' }));
    const s = await view.until((s) => s.status === 'ended', 'the read ended');
    expect(s).toMatchObject({ status: 'ended', dropped: 1500, error: null, clusterName: 'a' });
    expect(s.lines).toHaveLength(1000);
    expect([s.lines[0], s.lines[999]]).toEqual(['line 1501', 'line 2500']);
    view.close();
  });

  it('announces a burst of followed lines once per batch window, and stops the stream on the last unsubscribe', async () => {
    const clock = new ManualClock();
    const m = fleetOf(clock);
    const stream = new FakeStream();
    let closed = false;
    const a = m.add(
      fakeCluster('a', undefined, async (request) => {
        request.signal?.addEventListener('abort', () => (closed = true));
        return stream;
      }),
    ).clusterId;
    client = createLocalFleetClient(m, { clock, inventoryIntervalMs: 0 });
    const view = client.podLogs(a, { namespace: 'web', pod: 'api-1', follow: true });
    let notified = 0;
    const off = view.subscribe(() => notified++);
    await flushMicrotasks();
    expect(view.getSnapshot().status).toBe('streaming');
    const before = notified;
    const snapshot = view.getSnapshot();
    stream.push(...lines(200));
    await drain();
    expect(view.getSnapshot()).toBe(snapshot); // not yet: the batch window is open
    await clock.advanceAsync(16);
    expect(notified - before).toBe(1);
    expect(view.getSnapshot().lines).toHaveLength(200);
    expect(view.getSnapshot().status).toBe('streaming');
    off();
    expect(closed).toBe(true);
  });
});

describe('exports (fake clock)', () => {
  it('reports a cluster that never answers as not loaded once the export deadline passes', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 10, 31, 0));
    const m = fleetOf(clock);
    const silent = m.add(fakeCluster('silent', () => new Promise(() => undefined))).clusterId;
    await m.connect(silent);
    client = createLocalFleetClient(m, { clock, inventoryIntervalMs: 0, exportTimeoutMs: 5_000 });
    let settled = false;
    const file = client.export({ source: 'resources', query: { kind: 'pods' }, format: 'md' }).finally(() => {
      settled = true;
    });
    await clock.advanceAsync(4_999);
    expect(settled).toBe(false);
    await clock.advanceAsync(1);
    const done = await file;
    expect(done.filename).toBe('flotilla-pods-2026-01-05T10-31-05Z.md');
    expect(done.mimeType).toBe('text/markdown; charset=utf-8');
    expect(done.partial).toBe(true);
    expect(done.content).toContain('silent (fake:silent) | syncing');
    await expect(client.export({ source: 'health', format: 'xml' as 'md' })).rejects.toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('unknown export format "xml"'),
    });
  });
});
