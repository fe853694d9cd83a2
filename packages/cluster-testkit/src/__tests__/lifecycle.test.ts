import { Agent, request } from 'node:https';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedCluster } from '../simulated-cluster';
import { call, openWatch } from './http-client';

const started: SimulatedCluster[] = [];

async function start(name: string, port?: number): Promise<SimulatedCluster> {
  const cluster = await SimulatedCluster.start({
    name,
    workload: { pods: 5, namespaces: 1, nodes: 1 },
    ...(port !== undefined ? { port } : {}),
  });
  started.push(cluster);
  return cluster;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((c) => c.stop()));
});

/** What a TCP connect to the port gives: 'connected' or the error code. */
function probe(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Opens a keep-alive connection with one answered request and returns its (idle) socket. */
async function idleKeepAliveSocket(cluster: SimulatedCluster): Promise<Socket> {
  const agent = new Agent({ keepAlive: true, ca: cluster.caPem });
  return new Promise<Socket>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: cluster.port, path: '/readyz', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(req.socket as Socket));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A TLS connection that sent a request the (hung) cluster will never answer. */
async function hungRequest(
  cluster: SimulatedCluster,
): Promise<{ socket: TLSSocket; received: () => string }> {
  const socket = tlsConnect({ host: '127.0.0.1', port: cluster.port, ca: cluster.caPem });
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('secureConnect', () => resolve()));
  socket.write(
    `GET /api/v1/namespaces HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${cluster.tokenFor('admin')}\r\n\r\n`,
  );
  return { socket, received: () => received };
}

const closed = (socket: Socket) =>
  socket.destroyed
    ? Promise.resolve()
    : new Promise<void>((resolve) => socket.once('close', () => resolve()));

describe('stop()', () => {
  it('ends open watches, drops hung requests and idle connections, and closes the listener', async () => {
    const cluster = await start('stopping');
    const port = cluster.port;
    const watch = openWatch(cluster, '/api/v1/pods?watch=true');
    expect(await watch.status).toBe(200);
    expect(cluster.openWatchCount).toBe(1);
    const idle = await idleKeepAliveSocket(cluster);

    cluster.faults.hang();
    const held = await hungRequest(cluster);

    await cluster.stop();
    await watch.ended;
    await closed(idle);
    await closed(held.socket);
    expect(held.received()).toBe('');
    expect(cluster.openWatchCount).toBe(0);
    expect(await probe(port)).toBe('ECONNREFUSED');
  });
});

describe('restart()', () => {
  it('ends open watches, then serves the same state on the same port', async () => {
    const cluster = await start('restarting');
    const port = cluster.port;
    const before = (await call(cluster, '/api/v1/pods')).json<{ items: unknown[] }>().items.length;
    const watch = openWatch(cluster, '/api/v1/pods?watch=true');
    await watch.status;

    await cluster.restart();
    await watch.ended;
    expect(cluster.openWatchCount).toBe(0);
    expect(cluster.port).toBe(port);
    expect((await call(cluster, '/api/v1/pods')).json<{ items: unknown[] }>().items).toHaveLength(before);
  });

  it('brings a stopped cluster back on the same port with its objects and tokens', async () => {
    const cluster = await start('revived');
    const port = cluster.port;
    const token = cluster.tokenFor('admin');
    await call(cluster, '/api/v1/namespaces/default/configmaps', {
      method: 'POST',
      body: { metadata: { name: 'survivor' }, data: { a: '1' } },
    });
    await cluster.stop();
    expect(await probe(port)).toBe('ECONNREFUSED');

    await cluster.restart();
    expect(cluster.port).toBe(port);
    const survivor = await call(cluster, '/api/v1/namespaces/default/configmaps/survivor', { token });
    expect(survivor.status).toBe(200);
    expect(survivor.json()).toMatchObject({ data: { a: '1' } });
  });

  it('listens on a fixed port when asked, and keeps it across restarts', async () => {
    const port = await freePort();
    const cluster = await start('fixed', port);
    expect(cluster.port).toBe(port);
    expect(cluster.url).toBe(`https://127.0.0.1:${port}`);
    await cluster.restart();
    expect((await call(cluster, '/readyz', { token: null })).status).toBe(200);
    expect(cluster.port).toBe(port);
  });

  it('fails to start with EADDRINUSE when the fixed port is taken', async () => {
    const cluster = await start('holder');
    await expect(
      SimulatedCluster.start({ name: 'intruder', port: cluster.port, workload: false }),
    ).rejects.toThrow(/EADDRINUSE/);
  });
});
