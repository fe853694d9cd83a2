import { afterEach, describe, expect, it } from 'vitest';
import { BRIDGE_SUBPROTOCOL, encodeBridgeToken, type ServerMessage } from '../../client/bridge-protocol';
import { connectFleet, type RemoteFleetClient } from '../../client/remote-fleet-client';
import type { WebSocketConstructor } from '../../client/remote-link';
import { ManualClock, flushMicrotasks } from '../../clock';
import { FlotillaError } from '../../errors';
import { stubCluster } from './stub-fleet-client';

/** A stand-in for the browser's WebSocket: the test plays the server. */
class FakeSocket {
  static instances: FakeSocket[] = [];
  protocol = '';
  readonly sent: Array<Record<string, unknown>> = [];
  closedWith: number | null = null;
  onopen: ((event: unknown) => unknown) | null = null;
  onmessage: ((event: { data: unknown }) => unknown) | null = null;
  onclose: ((event: { code: number; reason: string }) => unknown) | null = null;
  onerror: ((event: unknown) => unknown) | null = null;

  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.instances.push(this);
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(code = 1000): void {
    this.closedWith = code;
  }

  accept(): void {
    this.protocol = BRIDGE_SUBPROTOCOL;
    this.onopen?.({});
  }

  deliver(message: ServerMessage | Record<string, unknown>): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }

  drop(code = 1006, reason = ''): void {
    this.onclose?.({ code, reason });
  }
}

const latest = (): FakeSocket => {
  const socket = FakeSocket.instances.at(-1);
  if (!socket) throw new Error('no socket');
  return socket;
};

const fleet = {
  clusters: [stubCluster('a', { clusterName: 'alpha' }), stubCluster('b')],
  activeClusterId: null,
};

function hello(socket = latest()): void {
  socket.accept();
  socket.deliver({ type: 'hello', protocol: 1, fleet });
}

let client: RemoteFleetClient | undefined;
afterEach(() => {
  client?.close();
  client = undefined;
  FakeSocket.instances = [];
});

function start(clock = new ManualClock(1_000), options: { requestTimeoutMs?: number } = {}) {
  client = connectFleet('ws://127.0.0.1:1/flotilla', {
    token: 'secret token ü',
    WebSocket: FakeSocket as unknown as WebSocketConstructor,
    clock,
    random: () => 0,
    ...options,
  });
  return { client, clock };
}

describe('connectFleet link', () => {
  it('offers the protocol and the token as subprotocols, and is open only after the hello', () => {
    const { client } = start();
    expect(latest().protocols).toEqual([BRIDGE_SUBPROTOCOL, encodeBridgeToken('secret token ü')]);
    expect(encodeBridgeToken('secret token ü')).toMatch(/^flotilla\.token\.[A-Za-z0-9_-]+$/);
    expect(client.link.getSnapshot().state).toBe('connecting');
    latest().accept();
    expect(client.link.getSnapshot().state).toBe('connecting');
    latest().deliver({ type: 'hello', protocol: 1, fleet });
    expect(client.link.getSnapshot()).toMatchObject({ state: 'open', nextRetryAt: null, reason: null });
    expect(client.getCluster('a')?.clusterName).toBe('alpha');
  });

  it('reconnects with growing jittered delays and shows when the next attempt is', () => {
    const { client, clock } = start();
    hello();
    latest().drop();
    expect(client.link.getSnapshot()).toMatchObject({
      state: 'reconnecting',
      nextRetryAt: 1_500,
      attempt: 1,
      reason: 'connection lost (code 1006)',
    });
    clock.advance(499);
    expect(FakeSocket.instances).toHaveLength(1);
    clock.advance(1);
    expect(FakeSocket.instances).toHaveLength(2);
    expect(client.link.getSnapshot()).toMatchObject({ state: 'reconnecting', nextRetryAt: null });
    latest().drop();
    expect(client.link.getSnapshot()).toMatchObject({
      nextRetryAt: 2_500,
      attempt: 2,
      reason: 'cannot reach the fleet server',
    });
    clock.advance(1_000);
    hello();
    expect(client.link.getSnapshot()).toMatchObject({ state: 'open', attempt: 0, nextRetryAt: null });
  });

  it('stops for good on a refused token or origin', () => {
    const { client, clock } = start();
    latest().accept();
    latest().drop(4401, 'unauthorized');
    expect(client.link.getSnapshot()).toMatchObject({ state: 'closed', reason: 'unauthorized' });
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects pending requests when the link drops, naming their cluster, and refuses new ones until open', async () => {
    const { client, clock } = start();
    hello();
    const connecting = client.connect('a').catch((e: unknown) => e);
    const draining = client.actions.drain('b', 'worker-1').catch((e: unknown) => e);
    const exporting = client.export({ source: 'health', format: 'json' }).catch((e: unknown) => e);
    expect(latest().sent.map((m) => m['method'])).toEqual(['connect', 'actions.drain', 'export']);
    latest().drop();
    const [a, b, e] = await Promise.all([connecting, draining, exporting]);
    expect(a).toBeInstanceOf(FlotillaError);
    expect(a).toMatchObject({ kind: 'transport', clusterId: 'a', clusterName: 'alpha', retryable: true });
    expect((a as Error).message).toMatch(/^\[alpha\] connect: connection to the fleet server lost/);
    // A drain may have started: repeating it blindly is not safe.
    expect(b).toMatchObject({ kind: 'transport', clusterId: 'b', retryable: false });
    expect(e).toMatchObject({ kind: 'transport', clusterId: '', clusterName: 'fleet bridge' });
    await expect(client.retryAuth('a')).rejects.toMatchObject({
      kind: 'transport',
      clusterId: 'a',
      message: '[alpha] retryAuth: not connected to the fleet server (reconnecting)',
    });
    clock.advance(500);
    hello();
    const again = client.retryAuth('a');
    latest().deliver({ type: 'result', id: latest().sent[0]?.['id'] as string });
    await expect(again).resolves.toBeUndefined();
  });

  it('rehydrates server errors and times out unanswered requests', async () => {
    const { client, clock } = start(new ManualClock(0), { requestTimeoutMs: 5_000 });
    hello();
    const failing = client.setActive('zzz');
    latest().deliver({
      type: 'error',
      id: latest().sent[0]?.['id'] as string,
      error: {
        kind: 'unknown-cluster',
        clusterId: 'zzz',
        message: '[zzz] unknown cluster "zzz"',
        retryable: false,
      },
    });
    const error = await failing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlotillaError);
    expect(error).toMatchObject({
      kind: 'unknown-cluster',
      clusterId: 'zzz',
      message: '[zzz] unknown cluster "zzz"',
    });

    const slow = client.actions.cordon('b', 'n1').catch((e: unknown) => e);
    clock.advance(5_000);
    expect(await slow).toMatchObject({ kind: 'timeout', clusterId: 'b', retryable: true });
  });

  it('re-opens subscribed views after a reconnect and keeps showing the last data meanwhile', () => {
    const { client, clock } = start();
    hello();
    const view = client.resources({ kind: 'pods' });
    const off = view.subscribe(() => undefined);
    const open = latest().sent.find((m) => m['type'] === 'view:open');
    expect(open).toMatchObject({ view: { type: 'resources', query: { kind: 'pods' } } });
    const id = open?.['id'] as string;
    const snapshot = {
      query: { kind: 'pods' },
      items: [],
      clusters: [{ clusterId: 'a', clusterName: 'alpha', status: 'ok', count: 0, since: 1 }],
      partial: false,
      loaded: true,
    };
    latest().deliver({ type: 'view', id, snapshot });
    const shown = view.getSnapshot();
    expect(shown).toEqual(snapshot);
    expect(view.getSnapshot()).toBe(shown);

    latest().drop();
    expect(view.getSnapshot()).toBe(shown);
    clock.advance(500);
    hello();
    expect(latest().sent).toEqual([
      { type: 'view:open', id, view: { type: 'resources', query: { kind: 'pods' } } },
    ]);
    // A delta before the fresh snapshot cannot be applied: the view asks again.
    latest().deliver({
      type: 'view',
      id,
      delta: { removes: [], updates: [], inserts: [], clusters: [], partial: false, loaded: true },
    });
    expect(latest().sent.filter((m) => m['type'] === 'view:open')).toHaveLength(2);
    off();
    expect(latest().sent.at(-1)).toEqual({ type: 'view:close', id });
  });

  it('resyncs when a fleet update does not fit, and counts events the server dropped', () => {
    const { client, clock } = start();
    hello();
    latest().deliver({ type: 'dropped', events: 7 });
    expect(client.link.getSnapshot().droppedEvents).toBe(7);
    const first = latest();
    first.deliver({ type: 'fleet', clusters: [stubCluster('unknown')], removed: [], activeClusterId: null });
    expect(first.closedWith).toBe(4000);
    expect(client.link.getSnapshot().state).toBe('reconnecting');
    clock.advance(500);
    expect(latest()).not.toBe(first);
  });

  it('keeps the fleet snapshot stable across a reconnect that changed nothing', () => {
    const { client, clock } = start();
    hello();
    const before = client.getSnapshot();
    latest().drop();
    clock.advance(500);
    hello();
    expect(client.getSnapshot()).toBe(before);
  });

  it('refuses another protocol version and stops', () => {
    const { client } = start();
    latest().accept();
    latest().deliver({ type: 'hello', protocol: 2, fleet });
    expect(client.link.getSnapshot()).toMatchObject({
      state: 'closed',
      reason: 'unsupported protocol version 2',
    });
  });

  it('close() cancels what is pending and stops reconnecting', async () => {
    const { client, clock } = start();
    hello();
    const pending = client.disconnect('b').catch((e: unknown) => e);
    client.close();
    expect(await pending).toMatchObject({ kind: 'cancelled', clusterId: 'b' });
    expect(latest().closedWith).toBe(1000);
    latest().drop(1000);
    clock.runAll();
    expect(FakeSocket.instances).toHaveLength(1);
    await flushMicrotasks();
    expect(client.link.getSnapshot()).toMatchObject({ state: 'closed', reason: 'closed' });
  });
});
