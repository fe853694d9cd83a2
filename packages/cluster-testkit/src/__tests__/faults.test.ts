import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCluster } from '../simulated-cluster';
import { call, openWatch } from './http-client';

let cluster: SimulatedCluster;
let other: SimulatedCluster;

beforeAll(async () => {
  [cluster, other] = await Promise.all([
    SimulatedCluster.start({ name: 'faulty', workload: { pods: 10 } }),
    SimulatedCluster.start({ name: 'bystander', workload: { pods: 10 } }),
  ]);
});
afterEach(() => cluster.faults.heal());
afterAll(() => Promise.all([cluster.stop(), other.stop()]));

const expectBystanderHealthy = async () => expect((await call(other, '/api/v1/pods')).status).toBe(200);

describe('faults', () => {
  it('hang(): accepts the connection but never answers; heal() lets held requests finish', async () => {
    cluster.faults.hang();
    await expect(call(cluster, '/readyz', { timeoutMs: 300 })).rejects.toThrow(/timeout/);
    const held = call(cluster, '/api/v1/namespaces', { timeoutMs: 5000 });
    await cluster.requestLog.waitFor((e) => e.faults.includes('hang'), 2000);
    await expectBystanderHealthy();
    await cluster.faults.heal();
    expect((await held).status).toBe(200);
  });

  it('hang() freezes open watches; heal() delivers what was held', async () => {
    const rv = (await call(cluster, '/api/v1/namespaces/default/configmaps')).json<{
      metadata: { resourceVersion: string };
    }>().metadata.resourceVersion;
    const watch = openWatch(
      cluster,
      `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}`,
    );
    await watch.status;
    cluster.faults.hang();
    cluster.store.create(cluster.registry.lookup('', 'v1', 'configmaps')!, {
      metadata: { name: 'frozen', namespace: 'default' },
    });
    await expect(watch.until((events) => events.length > 0, 300)).rejects.toThrow();
    await cluster.faults.heal();
    await watch.until((events) => events.length > 0);
    expect(watch.events[0]?.type).toBe('ADDED');
    watch.close();
  });

  it('refuse(): closes the listener; heal() listens again on the same port', async () => {
    const port = cluster.port;
    await cluster.faults.refuse();
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.on('connect', () => resolve('connected'));
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
    await expectBystanderHealthy();
    await cluster.faults.heal();
    expect(cluster.port).toBe(port);
    expect((await call(cluster, '/readyz')).status).toBe(200);
  });

  it('latency(): delays answers', async () => {
    cluster.faults.latency(150);
    const started = performance.now();
    await call(cluster, '/readyz');
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('errorRate(): answers API requests with 500/503 but not health checks', async () => {
    cluster.faults.errorRate(1, 503);
    const res = await call(cluster, '/api/v1/pods');
    expect(res.status).toBe(503);
    expect(res.json()).toMatchObject({ kind: 'Status', reason: 'ServiceUnavailable' });
    expect((await call(cluster, '/readyz')).status).toBe(200);
    cluster.faults.errorRate(1, 500);
    expect((await call(cluster, '/api/v1/pods')).status).toBe(500);
    cluster.faults.errorRate(0);
    expect((await call(cluster, '/api/v1/pods')).status).toBe(200);
  });

  it('throttle(): 429 with Retry-After', async () => {
    cluster.faults.throttle(7);
    const res = await call(cluster, '/api/v1/pods');
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.json()).toMatchObject({ reason: 'TooManyRequests', details: { retryAfterSeconds: 7 } });
    await expectBystanderHealthy();
  });

  it('malformedBody(): corrupts JSON bodies and watch lines', async () => {
    cluster.faults.malformedBody(1);
    const res = await call(cluster, '/api/v1/pods');
    expect(res.status).toBe(200);
    expect(() => res.json()).toThrow();
    const watch = openWatch(cluster, '/api/v1/namespaces/default/configmaps?watch=true');
    await watch.until(() => watch.lines.length > 0);
    expect(watch.events).toHaveLength(0);
    watch.close();
  });

  it('trickle(): sends bodies slowly', async () => {
    cluster.faults.trickle(2000);
    const started = performance.now();
    const res = await call(cluster, '/api/v1/namespaces/default/configmaps');
    const elapsed = performance.now() - started;
    // 200-byte chunks every 100 ms: the body cannot arrive faster than its size allows.
    expect(elapsed).toBeGreaterThanOrEqual((res.text.length / 200 - 1) * 100 - 50);
    expect(res.json()).toMatchObject({ kind: 'ConfigMapList' });
  });

  it('flapReadyz(): alternates /readyz between ok and failing', async () => {
    cluster.faults.flapReadyz(100);
    const seen = new Set<number>();
    const deadline = Date.now() + 3000;
    while (seen.size < 2 && Date.now() < deadline) {
      seen.add((await call(cluster, '/readyz')).status);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    expect([...seen].sort()).toEqual([200, 500]);
    const verbose = await call(cluster, '/readyz?verbose');
    expect(verbose.text).toMatch(/readyz check (passed|failed)/);
  });

  it('heal() clears everything and reports no active faults', async () => {
    cluster.faults.latency(10);
    cluster.faults.throttle(1);
    cluster.faults.revokeToken('admin');
    expect(cluster.faults.active()).toEqual(expect.arrayContaining(['latency:10', 'throttle:1']));
    await cluster.faults.heal();
    expect(cluster.faults.active()).toEqual([]);
    expect((await call(cluster, '/api/v1/pods')).status).toBe(200);
  });

  it('records faults in the request log with user, status and duration', async () => {
    cluster.requestLog.clear();
    cluster.faults.throttle(2);
    await call(cluster, '/api/v1/pods');
    const entry = cluster.requestLog.all().at(-1);
    expect(entry).toMatchObject({
      method: 'GET',
      path: '/api/v1/pods',
      user: 'admin',
      status: 429,
      faults: ['throttle'],
    });
    expect(entry?.durationMs).toBeGreaterThanOrEqual(0);
  });
});
