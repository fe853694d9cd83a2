import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { SimulatedCluster } from '@flotilla/cluster-testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FlotillaError } from '../errors';
import { everythingSaidBy, failureOf, kubeConfigFor, TransportPool } from './support/transport-fixtures';

interface NamespaceList {
  items: Array<{ metadata: { name: string } }>;
}

async function listen(server: Server | ReturnType<typeof createHttpServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

let a: SimulatedCluster;
let b: SimulatedCluster;
const pool = new TransportPool();

beforeAll(async () => {
  [a, b] = await Promise.all([
    SimulatedCluster.start({ name: 'alpha', workload: { pods: 5 } }),
    SimulatedCluster.start({ name: 'bravo', workload: { pods: 5 } }),
  ]);
});
afterEach(async () => {
  pool.disposeAll();
  await Promise.all([a.faults.heal(), b.faults.heal()]);
});
afterAll(() => Promise.all([a.stop(), b.stop()]));

describe('HttpsTransport against a simulated cluster', () => {
  it('authenticates with the kubeconfig token and parses JSON', async () => {
    const transport = pool.create(kubeConfigFor(a), 'alpha');
    const response = await transport.request<NamespaceList>({ path: '/api/v1/namespaces' });
    expect(response.status).toBe(200);
    expect(response.body.items.map((n) => n.metadata.name)).toContain('kube-system');
    expect(response.durationMs).toBeGreaterThanOrEqual(0);
    expect(a.requestLog.all().at(-1)?.user).toBe('admin');
  });

  it('returns text when asked, and passes the query string', async () => {
    const transport = pool.create(kubeConfigFor(a), 'alpha');
    const readyz = await transport.request<string>({
      path: '/readyz',
      query: { verbose: true },
      responseType: 'text',
    });
    expect(readyz.body).toContain('readyz check passed');
    expect(a.requestLog.all().at(-1)?.path).toBe('/readyz?verbose=true');
  });

  it('verifies the server against the kubeconfig CA: another CA is a tls error, not retryable', async () => {
    const transport = pool.create(kubeConfigFor(a, { caPem: b.caPem }), 'alpha');
    const error = await failureOf(transport.request({ path: '/api' }));
    expect(error.kind).toBe('tls');
    expect(error.retryable).toBe(false);
    expect(error.clusterId).toBe('test:alpha');
  });

  it('authenticates with a client certificate', async () => {
    const pair = await a.clientCertificateFor('viewer');
    const credential = { clientCertificateData: pair.certPem, clientKeyData: pair.keyPem };
    const transport = pool.create(kubeConfigFor(a, { credential }), 'alpha');
    await transport.request({ path: '/api/v1/namespaces' });
    expect(a.requestLog.all().at(-1)?.user).toBe('viewer');
  });

  it('keeps the parsed Status body of a 401', async () => {
    const transport = pool.create(kubeConfigFor(a), 'alpha');
    a.faults.revokeToken('admin');
    const error = await failureOf(transport.request({ path: '/api/v1/namespaces' }));
    expect(error.kind).toBe('auth');
    expect(error.status).toBe(401);
    expect(error.statusBody?.reason).toBe('Unauthorized');
    expect(error.toJSON().reason).toBe('Unauthorized');
  });

  it('maps 403 to authz with the apiserver message, 404 to not-found', async () => {
    const transport = pool.create(kubeConfigFor(a), 'alpha');
    a.faults.forbid('admin', { verbs: ['list'], resources: ['pods'] });
    const forbidden = await failureOf(transport.request({ path: '/api/v1/pods' }));
    expect(forbidden.kind).toBe('authz');
    expect(forbidden.message).toContain('cannot list resource "pods"');
    const missing = await failureOf(transport.request({ path: '/api/v1/namespaces/nope' }));
    expect(missing.kind).toBe('not-found');
    expect(missing.statusBody?.reason).toBe('NotFound');
  });

  it('reports a body that is not JSON as malformed-response', async () => {
    const transport = pool.create(kubeConfigFor(a), 'alpha');
    a.faults.malformedBody(1);
    const error = await failureOf(transport.request({ path: '/api/v1/namespaces' }));
    expect(error.kind).toBe('malformed-response');
  });

  it('aborts a body larger than the cap with malformed-response', async () => {
    const transport = pool.create(kubeConfigFor(a), 'alpha', { maxResponseBytes: 256 });
    const error = await failureOf(transport.request({ path: '/api/v1/pods' }));
    expect(error.kind).toBe('malformed-response');
    expect(error.message).toContain('exceeds the limit of 256 bytes');
    const small = await transport.request({ path: '/api/v1/pods', maxResponseBytes: 1024 * 1024 });
    expect(small.status).toBe(200);
  });

  it('times out a hung cluster within its deadline while another cluster answers on time', async () => {
    const hung = pool.create(kubeConfigFor(a), 'alpha', { requestTimeoutMs: 1500 });
    const healthy = pool.create(kubeConfigFor(b), 'bravo');
    a.faults.hang();
    const started = performance.now();
    const hungResult = failureOf(hung.request({ path: '/api/v1/namespaces' }));
    let bystanderDoneAt = 0;
    const bystander = (async () => {
      for (let i = 0; i < 5; i++) await healthy.request({ path: '/api/v1/namespaces' });
      bystanderDoneAt = performance.now() - started;
    })();
    const [error] = await Promise.all([hungResult, bystander]);
    const hungFor = performance.now() - started;
    expect(error.kind).toBe('timeout');
    expect(hungFor).toBeGreaterThanOrEqual(1400);
    expect(hungFor).toBeLessThan(5000);
    expect(bystanderDoneAt).toBeLessThan(750);
  });

  it('gives up on a server that accepts TCP but never finishes the TLS handshake (connect timeout)', async () => {
    const sockets = new Set<Socket>();
    const silent = createTcpServer((socket) => sockets.add(socket));
    const port = await listen(silent);
    try {
      const kubeConfig = kubeConfigFor(a, { server: `https://127.0.0.1:${port}` });
      const transport = pool.create(kubeConfig, 'alpha', { connectTimeoutMs: 300, requestTimeoutMs: 10_000 });
      const started = performance.now();
      const error = await failureOf(transport.request({ path: '/api' }));
      expect(error.kind).toBe('timeout');
      expect(error.message).toContain('could not connect');
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('sends no credentials to a plain http:// server (like kubectl), e.g. kubectl proxy', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const proxy = createHttpServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"kind":"APIVersions"}');
    });
    const port = await listen(proxy);
    try {
      const transport = pool.create(kubeConfigFor(a, { server: `http://127.0.0.1:${port}` }), 'alpha');
      expect((await transport.request<{ kind: string }>({ path: '/api' })).body.kind).toBe('APIVersions');
      expect(seen[0]?.authorization).toBeUndefined();
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('reports a refused connection as transport', async () => {
    const transport = pool.create(kubeConfigFor(a), 'alpha');
    await a.faults.refuse();
    const error = await failureOf(transport.request({ path: '/api' }));
    expect(error.kind).toBe('transport');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.retryable).toBe(true);
  });

  it('cancels on the caller signal, long before the deadline', async () => {
    const transport = pool.create(kubeConfigFor(a), 'alpha', { requestTimeoutMs: 20_000 });
    a.faults.hang();
    const controller = new AbortController();
    const started = performance.now();
    const pending = failureOf(transport.request({ path: '/api', signal: controller.signal }));
    // Let the request get under way (credentials, socket) before cancelling it.
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    const error = await pending;
    expect(error.kind).toBe('cancelled');
    expect(performance.now() - started).toBeLessThan(5000);
    expect((await failureOf(transport.request({ path: '/api', signal: controller.signal }))).kind).toBe(
      'cancelled',
    );
  });

  it('dispose() aborts everything in flight and refuses later requests', async () => {
    const transport = pool.create(kubeConfigFor(a), 'alpha', { requestTimeoutMs: 20_000 });
    await transport.request({ path: '/api' });
    a.faults.hang();
    const pending = [1, 2, 3].map(() => failureOf(transport.request({ path: '/api/v1/namespaces' })));
    transport.dispose();
    const errors = await Promise.all(pending);
    expect(errors.map((e) => e.kind)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect((await failureOf(transport.request({ path: '/api' }))).kind).toBe('cancelled');
  });

  it('rebuild() replaces the pool and keeps authentication working', async () => {
    const transport = pool.create(kubeConfigFor(a), 'alpha');
    await transport.request({ path: '/api' });
    const before = transport.agent;
    transport.rebuild();
    expect(transport.agent).not.toBe(before);
    await transport.request({ path: '/api/v1/namespaces' });
    expect(a.requestLog.all().at(-1)).toMatchObject({ user: 'admin', status: 200 });
  });

  it('gives every transport its own agent, even for the same cluster', () => {
    const one = pool.create(kubeConfigFor(a), 'alpha');
    const two = pool.create(kubeConfigFor(a), 'alpha');
    const other = pool.create(kubeConfigFor(b), 'bravo');
    expect(new Set([one.agent, two.agent, other.agent]).size).toBe(3);
  });

  it('reuses connections (keep-alive) within the per-cluster pool', async () => {
    const transport = pool.create(kubeConfigFor(a), 'alpha');
    await transport.request({ path: '/api' });
    const sockets = Object.values(transport.agent.freeSockets).flat();
    expect(sockets.length).toBeGreaterThan(0);
    await transport.request({ path: '/api' });
    expect(Object.values(transport.agent.freeSockets).flat()).toEqual(sockets);
  });

  it('never puts a token into an error message or its JSON', async () => {
    const token = a.tokenFor('admin');
    const transport = pool.create(kubeConfigFor(a), 'alpha', { requestTimeoutMs: 500 });
    const failures: FlotillaError[] = [];
    failures.push(await failureOf(transport.request({ path: '/api/v1/pods', maxResponseBytes: 64 })));
    a.faults.malformedBody(1);
    failures.push(await failureOf(transport.request({ path: '/api' })));
    await a.faults.heal();
    a.faults.forbid('admin', { verbs: ['*'], resources: ['*'] });
    failures.push(await failureOf(transport.request({ path: `/api/v1/namespaces/${token}` })));
    await a.faults.heal();
    a.faults.revokeToken('admin');
    failures.push(await failureOf(transport.request({ path: '/api/v1/namespaces' })));
    await a.faults.heal();
    a.faults.hang();
    failures.push(await failureOf(transport.request({ path: '/api' })));
    expect(failures.map((e) => e.kind)).toEqual([
      'malformed-response',
      'malformed-response',
      'authz',
      'auth',
      'timeout',
    ]);
    for (const error of failures) expect(everythingSaidBy(error)).not.toContain(token);
    // The 403 quoted the path, token included; the known secret was cut out verbatim.
    expect(failures[2]?.message).toContain('namespaces "[REDACTED]" is forbidden');
  });
});
