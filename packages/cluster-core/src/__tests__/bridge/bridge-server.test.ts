import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createCertificateAuthority, issueServerCertificate } from '@flotilla/cluster-testkit';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { BRIDGE_SUBPROTOCOL, encodeBridgeToken } from '../../client/bridge-protocol';
import type { FleetResourcesSnapshot } from '../../client/fleet-client';
import { connectFleet, type RemoteFleetClient } from '../../client/remote-fleet-client';
import type { WebSocketConstructor } from '../../client/remote-link';
import { ClusterManager } from '../../cluster-manager';
import { FlotillaError } from '../../errors';
import type { FleetStoreItem } from '../../fleet-store/types';
import { createFleetServer, type FleetServer, type FleetServerOptions } from '../../node/bridge/fleet-server';
import { capturingSockets, ORIGIN, TOKEN, waitForView, type CapturingSockets } from './bridge-harness';
import { StubFleetClient } from './stub-fleet-client';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Setup {
  stub: StubFleetClient;
  server: FleetServer;
  client: RemoteFleetClient;
  sockets: CapturingSockets;
}

async function start(
  options: Partial<FleetServerOptions> = {},
  /** null: no Origin header, like a script rather than a page. */
  clientOrigin: string | null = ORIGIN,
): Promise<Setup> {
  const stub = new StubFleetClient();
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
  const sockets = capturingSockets(clientOrigin ?? undefined);
  const client = connectFleet(server.url, { token: TOKEN, WebSocket: sockets.WebSocket, reconnect: false });
  cleanups.push(() => client.close());
  return { stub, server, client, sockets };
}

const opened = (client: RemoteFleetClient) =>
  waitForView(client.link, (l) => l.state === 'open', 5000, 'link open');
const closedLink = (client: RemoteFleetClient) =>
  waitForView(client.link, (l) => l.state === 'closed', 5000, 'link closed');

type Message = Record<string, unknown>;

/** A raw socket speaking the protocol, for what connectFleet would never send. */
async function rawSocket(
  url: string,
): Promise<{ ws: WebSocket; next: (match: (m: Message) => boolean) => Promise<Message> }> {
  const ws = new WebSocket(url, [BRIDGE_SUBPROTOCOL, encodeBridgeToken(TOKEN)]);
  cleanups.push(() => ws.terminate());
  const messages: Message[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data)) as Message));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const next = (match: (m: Message) => boolean) =>
    new Promise<Message>((resolve, reject) => {
      const found = messages.find(match);
      if (found) return resolve(found);
      const timer = setTimeout(() => reject(new Error('no matching message within 5 s')), 5000);
      const onMessage = (data: WebSocket.RawData) => {
        const message = JSON.parse(String(data)) as Message;
        if (!match(message)) return;
        clearTimeout(timer);
        ws.off('message', onMessage);
        resolve(message);
      };
      ws.on('message', onMessage);
    });
  return { ws, next };
}

function pod(clusterId: string, name: string, phase = 'Running'): FleetStoreItem {
  return {
    clusterId,
    clusterName: clusterId,
    kind: 'Pod',
    object: { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, status: { phase } },
  };
}

function resources(items: FleetStoreItem[]): FleetResourcesSnapshot {
  return {
    query: { kind: 'pods' },
    items,
    clusters: [
      { clusterId: 'a', clusterName: 'a', status: 'ok', count: items.length, since: 1 },
      { clusterId: 'b', clusterName: 'b', status: 'ok', count: 0, since: 1 },
    ],
    partial: false,
    loaded: true,
  };
}

describe('fleet bridge protocol', () => {
  it('sends the fleet on connect, then only the clusters that changed', async () => {
    const { stub, client, sockets } = await start();
    await opened(client);
    expect(client.getSnapshot().clusters.map((c) => c.clusterId)).toEqual(['a', 'b']);
    const before = client.getSnapshot();
    stub.updateCluster('a', { health: 'degraded' });
    const after = await waitForView(client, (f) => f.clusters[0]?.health === 'degraded');
    expect(after).not.toBe(before);
    // Cluster b did not change: same object, so a React row for it does not re-render.
    expect(after.clusters[1]).toBe(before.clusters[1]);
    expect(client.getCluster('a')?.health).toBe('degraded');
    const fleetFrame = sockets.frames.find((f) => f.text.startsWith('{"type":"fleet"'));
    expect(JSON.parse(fleetFrame?.text ?? '{}')).toMatchObject({
      clusters: [{ clusterId: 'a' }],
      removed: [],
    });
  });

  it('forwards bus events with their cluster', async () => {
    const { stub, client } = await start();
    await opened(client);
    const seen: Array<[string, unknown]> = [];
    client.onEvent((type, payload) => seen.push([type, payload]));
    const payload = { clusterId: 'b', clusterName: 'b', latencyMs: 3 };
    const arrived = new Promise<void>((resolve) => client.onEvent(() => resolve()));
    stub.emit('cluster:health:healthy', payload);
    await arrived;
    expect(seen).toEqual([['cluster:health:healthy', payload]]);
  });

  it('runs whitelisted calls and answers bad ones with typed errors naming the cluster', async () => {
    const { stub, client } = await start();
    await opened(client);
    await client.setActive('b');
    await client.actions.scale('a', 'deploy', 'web', 'default', 3);
    expect(stub.calls).toEqual([
      { method: 'setActive', args: ['b'] },
      { method: 'scale', args: ['a', 'deploy', 'web', 'default', 3] },
    ]);
    await waitForView(client, (f) => f.activeClusterId === 'b');
    await expect(client.connect('nope')).rejects.toMatchObject({
      name: 'FlotillaError',
      kind: 'unknown-cluster',
      clusterId: 'nope',
      message: '[nope] unknown cluster "nope"',
    });
    const invalid = await client.actions.scale('a', 'deploy', 'web', 'default', -1).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(FlotillaError);
    expect(invalid).toMatchObject({ kind: 'invalid', clusterId: 'a', retryable: false });
    expect((invalid as Error).message).toMatch(/replicas must be a whole number/);
    expect(await client.actions.drain('b', 'worker-1', { timeoutMs: 5 })).toEqual({
      clusterId: 'b',
      jobId: 'drain-1',
    });
  });

  it('refuses methods outside the whitelist and unreadable messages, and keeps serving', async () => {
    const { server } = await start();
    const { ws, next } = await rawSocket(server.url);
    ws.send(JSON.stringify({ type: 'request', id: 'x1', method: 'manager.dispose', args: [] }));
    ws.send('{not json');
    ws.send(JSON.stringify({ type: 'request', id: 'x2', method: 'connect', args: 'a' }));
    ws.send(JSON.stringify({ type: 'request', id: 'x3', method: 'connect', args: ['a'] }));
    expect(await next((m) => m['id'] === 'x1')).toMatchObject({
      type: 'error',
      error: { kind: 'invalid', clusterId: '' },
    });
    expect((await next((m) => m['id'] === 'x1'))['error']).toMatchObject({
      message: expect.stringMatching(/method "manager.dispose" cannot be called/),
    });
    expect(await next((m) => m['type'] === 'error' && m['id'] === null)).toMatchObject({
      error: { kind: 'invalid', message: expect.stringMatching(/not a JSON object/) },
    });
    expect(await next((m) => m['id'] === 'x2')).toMatchObject({ error: { kind: 'invalid' } });
    expect(await next((m) => m['id'] === 'x3')).toMatchObject({ type: 'result' });
  });

  it('opens a server view on the first subscriber and closes it after the last', async () => {
    const { stub, client } = await start();
    await opened(client);
    const view = client.resources({ kind: 'pods' });
    expect(stub.resourceViews).toHaveLength(0);
    const off1 = view.subscribe(() => undefined);
    // While subscribed, an equal query (whatever its key order) is the same view.
    const same = client.resources({ namespace: undefined, kind: 'pods' } as { kind: string });
    expect(same).toBe(view);
    const off2 = same.subscribe(() => undefined);
    await waitForView(stub.activity, () => stub.resourceViews[0]?.listenerCount === 1);
    expect(stub.resourceViews).toHaveLength(1);
    off1();
    expect(stub.resourceViews[0]?.listenerCount).toBe(1);
    off2();
    await waitForView(stub.activity, () => stub.resourceViews[0]?.listenerCount === 0);
    expect(stub.resourceViews).toHaveLength(1);
  });

  it('serves one server view to every connection showing the same query, serialized once', async () => {
    const { stub, server, client, sockets } = await start();
    const second = capturingSockets(ORIGIN);
    const other = connectFleet(server.url, { token: TOKEN, WebSocket: second.WebSocket, reconnect: false });
    cleanups.push(() => other.close());
    await Promise.all([opened(client), opened(other)]);
    const offs = [
      client.resources({ kind: 'pods' }).subscribe(() => undefined),
      other.resources({ kind: 'pods' }).subscribe(() => undefined),
    ];
    await waitForView(stub.activity, () => stub.resourceViews[0]?.listenerCount === 2);
    expect(stub.resourceViews).toHaveLength(1);
    stub.resourceViews[0]?.set(resources([pod('a', 'web-1')]));
    const shown = (c: RemoteFleetClient) =>
      waitForView(c.resources({ kind: 'pods' }), (s) => s.items.length === 1);
    await Promise.all([shown(client), shown(other)]);
    const lastView = (frames: CapturingSockets['frames']) =>
      frames.filter((f) => f.text.startsWith('{"type":"view"')).at(-1)?.text;
    expect(lastView(sockets.frames)).toBe(lastView(second.frames));
    for (const off of offs) off();
    await waitForView(stub.activity, () => stub.resourceViews[0]?.listenerCount === 0);
    // Nobody holds it any more: the next subscriber gets a fresh view.
    cleanups.push(client.resources({ kind: 'pods' }).subscribe(() => undefined));
    await waitForView(stub.activity, () => stub.resourceViews.length === 2);
  });

  it('sends resource changes as deltas and ends with the server list, in order', async () => {
    const { stub, client, sockets } = await start();
    await opened(client);
    const view = client.resources({ kind: 'pods' });
    const off = view.subscribe(() => undefined);
    cleanups.push(off);
    await waitForView(stub.activity, () => stub.resourceViews.length > 0);
    const server = stub.resourceViews[0];
    if (!server) throw new Error('view not opened');
    const first = Array.from({ length: 50 }, (_, i) => pod('a', `p-${String(i).padStart(2, '0')}`));
    server.set(resources(first));
    await waitForView(view, (s) => s.items.length === 50);
    const kept = first[10] as FleetStoreItem;
    const next = [
      pod('a', 'a-new'),
      ...first.slice(0, 20).filter((_, i) => i !== 5),
      pod('a', 'p-19b'),
      pod('a', 'p-19c'),
      ...first
        .slice(20, 49)
        .map((item, i) => (i === 3 ? pod('a', item.object.metadata.name, 'Failed') : item)),
    ];
    server.set(resources(next));
    const shown = await waitForView(
      view,
      (s) => s.items.length === next.length && s.items[0]?.object.metadata.name === 'a-new',
    );
    expect(shown.items.map((i) => i.object.metadata.name)).toEqual(next.map((i) => i.object.metadata.name));
    expect(shown.items.find((i) => i.object.metadata.name === 'p-23')?.object['status']).toEqual({
      phase: 'Failed',
    });
    // Unchanged items keep their identity across a delta.
    const before = view.getSnapshot().items.find((i) => i.object.metadata.name === kept.object.metadata.name);
    expect(shown.items.find((i) => i.object.metadata.name === kept.object.metadata.name)).toBe(before);
    const viewFrames = sockets.frames.filter((f) => f.text.startsWith('{"type":"view"'));
    expect(viewFrames.map((f) => (f.text.includes('"delta"') ? 'delta' : 'snapshot'))).toEqual([
      'snapshot',
      'snapshot',
      'delta',
    ]);
  });

  it('closes only the connection whose state cannot be sent, and never throws into the fleet', async () => {
    const { stub, server, client } = await start();
    const second = capturingSockets(ORIGIN);
    const other = connectFleet(server.url, { token: TOKEN, WebSocket: second.WebSocket, reconnect: false });
    cleanups.push(() => other.close());
    await Promise.all([opened(client), opened(other)]);
    cleanups.push(client.resources({ kind: 'pods' }).subscribe(() => undefined));
    await waitForView(stub.activity, () => stub.resourceViews[0]?.listenerCount === 1);
    const unsendable = pod('a', 'odd');
    (unsendable.object as Record<string, unknown>)['size'] = BigInt(1);
    expect(() => stub.resourceViews[0]?.set(resources([unsendable]))).not.toThrow();
    expect(await closedLink(client)).toMatchObject({ reason: 'connection lost (code 1011)' });
    stub.updateCluster('b', { health: 'degraded' });
    await waitForView(other, (f) => f.clusters[1]?.health === 'degraded');
    expect(other.link.getSnapshot().state).toBe('open');
  });

  it('shows a view the server could not open as failed for every targeted cluster, not empty', async () => {
    const { client } = await start();
    await opened(client);
    const view = client.resources({ kind: 'explode' });
    const failed = await waitForView(view, (s) => s.loaded);
    expect(failed.partial).toBe(true);
    expect(failed.clusters.map((c) => [c.clusterId, c.status, c.error?.kind])).toEqual([
      ['a', 'error', 'server'],
      ['b', 'error', 'server'],
    ]);
    const logs = client.podLogs('ghost', { namespace: 'default', pod: 'p' });
    const logSnapshot = await waitForView(logs, (s) => s.status === 'error');
    expect(logSnapshot.error).toMatchObject({ kind: 'unknown-cluster', clusterId: 'ghost' });
  });

  it('refuses a wrong token and a foreign Origin with close codes, before sending anything', async () => {
    const { server } = await start();
    const wrongToken = capturingSockets(ORIGIN);
    const byToken = connectFleet(server.url, {
      token: 'not-the-token-at-all',
      WebSocket: wrongToken.WebSocket,
    });
    cleanups.push(() => byToken.close());
    expect(await closedLink(byToken)).toMatchObject({ state: 'closed', reason: 'unauthorized' });

    const foreign = capturingSockets('https://evil.example');
    const byOrigin = connectFleet(server.url, { token: TOKEN, WebSocket: foreign.WebSocket });
    cleanups.push(() => byOrigin.close());
    expect(await closedLink(byOrigin)).toMatchObject({ state: 'closed', reason: 'origin not allowed' });

    expect(wrongToken.frames).toEqual([]);
    expect(foreign.frames).toEqual([]);
    // Only the connection start() opened with the right token and Origin.
    expect(server.connections().map((c) => c.origin)).toEqual([ORIGIN]);
  });

  it('lets a client without Origin in on the token, unless told not to', async () => {
    const lenient = await start({}, null);
    await opened(lenient.client);
    const strict = await start({ allowMissingOrigin: false }, null);
    expect(await closedLink(strict.client)).toMatchObject({ reason: 'origin required' });
  });

  it('answers an upgrade without the bridge subprotocol with HTTP 400', async () => {
    const { server } = await start();
    const ws = new WebSocket(server.url, ['something.else']);
    const status = await new Promise<number | undefined>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(400);
  });

  it('refuses weak tokens and malformed origins at start-up', async () => {
    const manager = new ClusterManager();
    cleanups.push(() => manager.dispose());
    const base = { manager, client: new StubFleetClient(), allowedOrigins: [ORIGIN] };
    await expect(createFleetServer({ ...base, token: 'short' })).rejects.toMatchObject({ kind: 'config' });
    await expect(
      createFleetServer({ ...base, token: TOKEN, allowedOrigins: ['localhost:5173'] }),
    ).rejects.toThrow(/is not an origin/);
  });

  it('shares an existing HTTP server with another WebSocket endpoint', async () => {
    const http: Server = createServer((_req, res) => res.end('app'));
    const other = new WebSocketServer({ noServer: true });
    http.on('upgrade', (req, socket, head) => {
      if (req.url === '/hmr') other.handleUpgrade(req, socket, head, (ws) => ws.send('hmr-hello'));
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => http.close(resolve)));
    cleanups.push(() => other.close());
    const { client, server } = await start({ server: http, path: '/fleet' });
    expect(server.url).toBe(`ws://127.0.0.1:${(http.address() as AddressInfo).port}/fleet`);
    await opened(client);
    const hmr = new WebSocket(`ws://127.0.0.1:${server.port}/hmr`);
    cleanups.push(() => hmr.terminate());
    expect(await new Promise((resolve) => hmr.once('message', (data) => resolve(String(data))))).toBe(
      'hmr-hello',
    );
  });

  it('serves wss:// when attached to an HTTPS server, verifying its certificate', async () => {
    const ca = await createCertificateAuthority('bridge-ca');
    const serving = await issueServerCertificate(ca);
    const https = createHttpsServer({ cert: serving.certPem, key: serving.keyPem });
    await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => https.close(resolve)));
    const stub = new StubFleetClient();
    const manager = new ClusterManager();
    cleanups.push(() => manager.dispose());
    const server = await createFleetServer({
      manager,
      client: stub,
      token: TOKEN,
      allowedOrigins: [ORIGIN],
      server: https,
    });
    cleanups.push(() => server.close());
    expect(server.url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/flotilla$/);
    class TrustingWebSocket extends WebSocket {
      constructor(url: string, protocols: string[]) {
        super(url, protocols, { ca: ca.certPem, origin: ORIGIN });
      }
    }
    const client = connectFleet(server.url, {
      token: TOKEN,
      WebSocket: TrustingWebSocket as unknown as WebSocketConstructor,
      reconnect: false,
    });
    cleanups.push(() => client.close());
    await opened(client);
    expect(client.getSnapshot().clusters).toHaveLength(2);
    // TLS verification is on: without the CA the handshake fails.
    const untrusting = connectFleet(server.url, { token: TOKEN, WebSocket, reconnect: false });
    cleanups.push(() => untrusting.close());
    expect(await closedLink(untrusting)).toMatchObject({ reason: 'cannot reach the fleet server' });
  });

  it('closing the server tells clients it is going away and leaves a passed-in client open', async () => {
    const { stub, server, client } = await start();
    await opened(client);
    await server.close();
    expect(await closedLink(client)).toMatchObject({ reason: 'connection lost (code 1001)' });
    expect(stub.closed).toBe(false);
  });
});
