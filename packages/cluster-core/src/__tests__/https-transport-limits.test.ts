import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimulatedCluster } from '@flotilla/cluster-testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_HTTPS_TRANSPORT } from '../node/https-transport';
import { failureOf, kubeConfigFor, TransportPool } from './support/transport-fixtures';

let cluster: SimulatedCluster;
const pool = new TransportPool();
const servers: Array<ReturnType<typeof createServer>> = [];

beforeAll(async () => {
  cluster = await SimulatedCluster.start({ name: 'alpha', workload: { pods: 3 } });
});
afterEach(async () => {
  pool.disposeAll();
  await cluster.faults.heal();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
afterAll(() => cluster.stop());

/** A plain-HTTP server (no credentials are sent to it) whose answers a test scripts. */
async function scripted(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const transportTo = (server: string, overrides: Parameters<TransportPool['create']>[2] = {}) =>
  pool.create(kubeConfigFor(cluster, { server }), 'alpha', overrides);

describe('HttpsTransport timeouts', () => {
  it('fails with timeout when the response headers do not come within headersTimeoutMs', async () => {
    const server = await scripted(() => undefined); // reads the request, never answers
    const transport = transportTo(server, { requestTimeoutMs: 20_000 });
    const started = performance.now();
    const error = await failureOf(transport.request({ path: '/api', headersTimeoutMs: 200 }));
    expect(error).toMatchObject({ kind: 'timeout', clusterId: 'test:alpha', retryable: true });
    expect(error.message).toContain('no response headers within 200 ms');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('fails with timeout when the body stalls for idleTimeoutMs, long before the deadline', async () => {
    const server = await scripted((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"kind":"PodList","items":['); // then nothing more
    });
    const transport = transportTo(server, { requestTimeoutMs: 20_000, bodyIdleTimeoutMs: 250 });
    const started = performance.now();
    const error = await failureOf(transport.request({ path: '/api/v1/pods' }));
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('response body stalled, no data for 250 ms');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('lets a slow body that keeps flowing finish: every chunk restarts the body watchdog', async () => {
    const parts = ['{"kind":', '"PodList",', '"items":', '[]}'];
    const server = await scripted((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const next = () => {
        const part = parts.shift();
        if (part === undefined) return res.end();
        res.write(part);
        setTimeout(next, 120);
      };
      next();
    });
    const transport = transportTo(server, { requestTimeoutMs: 20_000 });
    const response = await transport.request<{ kind: string }>({ path: '/api/v1/pods', idleTimeoutMs: 400 });
    expect(response.body.kind).toBe('PodList');
    expect(response.durationMs).toBeGreaterThanOrEqual(400); // longer than one idle period in total
  });

  it('keeps the deadline as the bound when a watchdog is set longer than it', async () => {
    cluster.faults.hang();
    const transport = pool.create(kubeConfigFor(cluster), 'alpha', {
      requestTimeoutMs: 300,
      headersTimeoutMs: 10_000,
    });
    const error = await failureOf(transport.request({ path: '/api' }));
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('no response within 300 ms');
  });
});

describe('HttpsTransport connection pool', () => {
  it('keeps at most maxSockets connections per cluster and queues the other requests', async () => {
    expect(pool.create(kubeConfigFor(cluster), 'default').agent.maxSockets).toBe(
      DEFAULT_HTTPS_TRANSPORT.maxSockets,
    );
    const transport = pool.create(kubeConfigFor(cluster), 'alpha', { maxSockets: 2 });
    cluster.faults.latency(300);
    const pending = Array.from({ length: 6 }, () => transport.request({ path: '/api/v1/namespaces' }));
    const agent = transport.agent;
    const count = (table: NodeJS.ReadOnlyDict<unknown[]>) =>
      Object.values(table).reduce((sum, list) => sum + (list?.length ?? 0), 0);
    // Wait (bounded) until every request is either on a socket or queued for one.
    const deadline = performance.now() + 5000;
    while (count(agent.sockets) + count(agent.requests) < 6 && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(count(agent.sockets)).toBe(2);
    expect(count(agent.requests)).toBe(4);
    const responses = await Promise.all(pending);
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(count(agent.sockets) + count(agent.freeSockets)).toBeLessThanOrEqual(2);
  });
});
