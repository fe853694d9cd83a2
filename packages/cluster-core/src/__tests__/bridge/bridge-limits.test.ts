import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BRIDGE_SUBPROTOCOL, encodeBridgeToken } from '../../client/bridge-protocol';
import { connectFleet, type RemoteFleetClient } from '../../client/remote-fleet-client';
import { ManualClock } from '../../clock';
import { ClusterManager } from '../../cluster-manager';
import { createFleetServer, type FleetServer, type FleetServerOptions } from '../../node/bridge/fleet-server';
import { capturingSockets, ORIGIN, TOKEN, waitForView } from './bridge-harness';
import { StubFleetClient } from './stub-fleet-client';

// The limits that keep one slow, greedy or hostile page from costing the server or other pages
// anything, and the defaults of where and how the bridge listens.

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(options: Partial<FleetServerOptions> = {}, stub = new StubFleetClient()) {
  const manager = new ClusterManager();
  cleanups.push(() => manager.dispose());
  const server = await createFleetServer({
    manager,
    client: stub,
    token: TOKEN,
    allowedOrigins: [ORIGIN],
    ...options,
  });
  cleanups.push(() => server.close());
  return { server, stub };
}

function client(server: FleetServer, origin: string = ORIGIN): RemoteFleetClient {
  const remote = connectFleet(server.url, {
    token: TOKEN,
    WebSocket: capturingSockets(origin).WebSocket,
    reconnect: false,
  });
  cleanups.push(() => remote.close());
  return remote;
}

const linkState = (remote: RemoteFleetClient, state: 'open' | 'closed') =>
  waitForView(remote.link, (link) => link.state === state, 5000, `link ${state}`);

type Message = Record<string, unknown>;

interface RawSocket {
  ws: WebSocket;
  /** The first message (already received or still to come) that matches. */
  next(match: (message: Message) => boolean): Promise<Message>;
  closed: Promise<number>;
}

/** A socket speaking the protocol by hand, for what connectFleet never does. */
async function rawSocket(server: FleetServer, options: WebSocket.ClientOptions = {}): Promise<RawSocket> {
  const ws = new WebSocket(server.url, [BRIDGE_SUBPROTOCOL, encodeBridgeToken(TOKEN)], options);
  cleanups.push(() => ws.terminate());
  const messages: Message[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    messages.push(JSON.parse(String(data)) as Message);
    for (const waiter of [...waiters]) waiter();
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const next = (match: (message: Message) => boolean) =>
    new Promise<Message>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no matching message within 5 s; got ${JSON.stringify(messages).slice(0, 500)}`));
      }, 5000);
      const check = () => {
        const found = messages.find(match);
        if (!found) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(found);
      };
      waiters.add(check);
      check();
    });
  return { ws, next, closed };
}

/** A request answered by the stub, so a reply proves the server read everything sent before it. */
async function roundTrip(socket: RawSocket, id: string): Promise<void> {
  socket.ws.send(JSON.stringify({ type: 'request', id, method: 'connect', args: ['a'] }));
  expect(await socket.next((m) => m['id'] === id)).toMatchObject({ type: 'result' });
}

/** A fleet client whose `connect` calls hang until the test lets them finish. */
class HangingConnectClient extends StubFleetClient {
  private readonly waiting: Array<() => void> = [];
  override async connect(clusterId: string): Promise<void> {
    await super.connect(clusterId);
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  get hanging(): number {
    return this.waiting.length;
  }
  releaseAll(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

describe('fleet bridge defaults and limits', () => {
  it('listens on 127.0.0.1 by default, and answers anything but its WebSocket with HTTP errors', async () => {
    const { server } = await serve();
    expect(server.url).toBe(`ws://127.0.0.1:${server.port}/flotilla`);
    const plain = await fetch(`http://127.0.0.1:${server.port}/flotilla`);
    expect(plain.status).toBe(426);
    expect(plain.headers.get('upgrade')).toBe('websocket');
    await plain.body?.cancel();
    const elsewhere = new WebSocket(`ws://127.0.0.1:${server.port}/other`, [BRIDGE_SUBPROTOCOL]);
    cleanups.push(() => elsewhere.terminate());
    elsewhere.on('error', () => undefined);
    const status = await new Promise<number | undefined>((resolve) =>
      elsewhere.on('unexpected-response', (_request, response) => resolve(response.statusCode)),
    );
    expect(status).toBe(404);
  });

  it('admits origins by a predicate over the normalized origin', async () => {
    const seen: string[] = [];
    const { server } = await serve({
      allowedOrigins: (origin) => {
        seen.push(origin);
        return origin.endsWith('.console.example');
      },
    });
    const admitted = client(server, 'HTTPS://Eu.Console.Example:443');
    await linkState(admitted, 'open');
    const refused = client(server, 'https://console.example.evil.test');
    expect(await linkState(refused, 'closed')).toMatchObject({ reason: 'origin not allowed' });
    expect(seen).toEqual(['https://eu.console.example', 'https://console.example.evil.test']);
    expect(server.connections().map((c) => c.origin)).toEqual(['https://eu.console.example']);
  });

  it('refuses views past maxViewsPerConnection with a throttled error, and keeps the others', async () => {
    const { server } = await serve({ maxViewsPerConnection: 2 });
    const greedy = await rawSocket(server, { origin: ORIGIN });
    for (const kind of ['pods', 'nodes', 'services'])
      greedy.ws.send(
        JSON.stringify({ type: 'view:open', id: kind, view: { type: 'resources', query: { kind } } }),
      );
    expect(await greedy.next((m) => m['id'] === 'services')).toMatchObject({
      type: 'view:error',
      error: { kind: 'throttled', message: expect.stringMatching(/more than 2 views open/) },
    });
    expect(await greedy.next((m) => m['id'] === 'pods')).toMatchObject({ type: 'view' });
    expect(await greedy.next((m) => m['id'] === 'nodes')).toMatchObject({ type: 'view' });
    expect(server.connections()[0]?.views).toBe(2);

    // Closing one makes room again; another connection has its own allowance.
    greedy.ws.send(JSON.stringify({ type: 'view:close', id: 'nodes' }));
    greedy.ws.send(
      JSON.stringify({
        type: 'view:open',
        id: 'again',
        view: { type: 'resources', query: { kind: 'jobs' } },
      }),
    );
    expect(await greedy.next((m) => m['id'] === 'again')).toMatchObject({ type: 'view' });
    const other = await rawSocket(server, { origin: ORIGIN });
    other.ws.send(
      JSON.stringify({ type: 'view:open', id: 'p', view: { type: 'resources', query: { kind: 'pods' } } }),
    );
    expect(await other.next((m) => m['id'] === 'p')).toMatchObject({ type: 'view' });
  });

  it('refuses requests past maxPendingRequests with a throttled error until answers come back', async () => {
    const stub = new HangingConnectClient();
    const { server } = await serve({ maxPendingRequests: 2 }, stub);
    const remote = client(server);
    await linkState(remote, 'open');
    const first = remote.connect('a');
    const second = remote.connect('b');
    await expect(remote.connect('a')).rejects.toMatchObject({
      name: 'FlotillaError',
      kind: 'throttled',
      message: expect.stringMatching(/more than 2 requests in flight/),
    });
    expect(stub.hanging).toBe(2);
    // Another page is not limited by this one's requests.
    const other = client(server);
    await linkState(other, 'open');
    await other.setActive('b');
    stub.releaseAll();
    await Promise.all([first, second]);
    await other.disconnect('a');
    expect(stub.calls.map((call) => `${call.method} ${String(call.args[0])}`)).toEqual([
      'connect a',
      'connect b',
      'setActive b',
      'disconnect a',
    ]);
  });

  it('closes a connection that sends a message over maxMessageBytes (1009), and serves the others', async () => {
    const { server } = await serve({ maxMessageBytes: 1024 });
    const bystander = client(server);
    await linkState(bystander, 'open');
    const hostile = await rawSocket(server, { origin: ORIGIN });
    hostile.ws.send(
      JSON.stringify({ type: 'request', id: 'big', method: 'connect', args: ['a'.repeat(2048)] }),
    );
    expect(await hostile.closed).toBe(1009);
    await bystander.connect('a');
    expect(bystander.link.getSnapshot().state).toBe('open');
    expect(server.connections()).toHaveLength(1);
  });

  it('disconnects a client that stops answering pings, and keeps the one that answers', async () => {
    const clock = new ManualClock(0);
    const { server } = await serve({ clock, pingIntervalMs: 30_000 });
    const answering = await rawSocket(server);
    const silent = await rawSocket(server, { autoPong: false });
    await Promise.all([
      answering.next((m) => m['type'] === 'hello'),
      silent.next((m) => m['type'] === 'hello'),
    ]);
    expect(server.connections()).toHaveLength(2);

    const pinged = new Promise((resolve) => answering.ws.once('ping', resolve));
    clock.advance(30_000);
    await pinged;
    // The pong is sent before this request, so once it is answered the server has seen the pong.
    await roundTrip(answering, 'after-first-ping');

    clock.advance(30_000);
    expect(await silent.closed).toBe(1006);
    await roundTrip(answering, 'after-second-ping');
    expect(server.connections()).toHaveLength(1);
  });
});
