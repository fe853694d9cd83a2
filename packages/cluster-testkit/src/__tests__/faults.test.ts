import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { credentialFingerprint } from '../server/certs';
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

const isJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

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

  it('flapReadyz(): alternates /readyz between ok and failing, period by period', async () => {
    // Only Date is faked: the flap follows the wall clock, sockets and timers stay real.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const start = Date.now();
      cluster.faults.flapReadyz(60_000);
      const readyzAt = async (offsetMs: number, path = '/readyz') => {
        vi.setSystemTime(start + offsetMs);
        return call(cluster, path, { token: null });
      };
      expect((await readyzAt(1_000)).status).toBe(200);
      const failing = await readyzAt(61_000);
      expect(failing.status).toBe(500);
      expect(failing.text).toContain('readyz check failed');
      const verbose = await readyzAt(62_000, '/readyz?verbose');
      expect(verbose.status).toBe(500);
      expect(verbose.text).toContain('[-]etcd failed');
      expect(verbose.text).toContain('[+]ping ok');
      // Liveness and the API are unaffected: only readiness flaps.
      expect((await readyzAt(62_000, '/livez')).status).toBe(200);
      expect((await readyzAt(62_000, '/healthz')).status).toBe(200);
      vi.setSystemTime(start + 62_000);
      expect((await call(cluster, '/api/v1/pods')).status).toBe(200);
      expect((await readyzAt(121_000)).status).toBe(200);
      expect((await readyzAt(181_000)).status).toBe(500);
      const flapped = await cluster.requestLog.waitFor((e) => e.path === '/readyz' && e.status === 500);
      expect(flapped.faults).toEqual(['flapReadyz']);
      await expectBystanderHealthy();
      await cluster.faults.heal();
      expect((await readyzAt(181_000)).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });

  it('latency(ms, jitter): every answer waits at least ms plus its share of the jitter', async () => {
    const jittery = await SimulatedCluster.start({ name: 'jittery', workload: false, random: () => 0.5 });
    try {
      jittery.faults.latency(100, 200);
      const started = performance.now();
      await call(jittery, '/readyz');
      expect(performance.now() - started).toBeGreaterThanOrEqual(195);
      const entry = await jittery.requestLog.waitFor((e) => e.path === '/readyz');
      expect(entry.faults).toEqual(['latency']);
    } finally {
      await jittery.stop();
    }
  });

  it('errorRate(p) and malformedBody(p): hit the share of requests the random draw decides', async () => {
    let draw = 0;
    const draws = [0.1, 0.9, 0.1, 0.9];
    const dice = await SimulatedCluster.start({
      name: 'dice',
      workload: false,
      random: () => draws[draw++ % draws.length] as number,
    });
    try {
      dice.faults.errorRate(0.5, 503);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await call(dice, '/api/v1/namespaces')).status);
      expect(statuses).toEqual([503, 200, 503, 200]);
      await dice.faults.heal();
      draw = 0;
      dice.faults.malformedBody(0.5);
      const parsed: boolean[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await call(dice, '/api/v1/namespaces');
        expect(res.status).toBe(200);
        parsed.push(isJson(res.text));
      }
      expect(parsed).toEqual([false, true, false, true]);
    } finally {
      await dice.stop();
    }
  });

  it('rejects nonsensical fault parameters with a RangeError', () => {
    expect(() => cluster.faults.errorRate(1.5)).toThrow(RangeError);
    expect(() => cluster.faults.malformedBody(-0.1)).toThrow(RangeError);
    expect(() => cluster.faults.trickle(0)).toThrow(RangeError);
    expect(() => cluster.faults.flapReadyz(0)).toThrow(RangeError);
    expect(() => cluster.faults.throttle(-1)).toThrow(RangeError);
    expect(() => cluster.faults.latency(-5)).toThrow(RangeError);
    expect(cluster.faults.active()).toEqual([]);
  });

  it('heal() clears everything and reports no active faults', async () => {
    cluster.faults.latency(10);
    cluster.faults.throttle(1);
    cluster.faults.revokeToken('admin');
    cluster.faults.forbid('viewer', { verbs: ['delete'], resources: ['pods'] });
    expect(cluster.faults.active()).toEqual([
      'latency:10',
      'throttle:1',
      'revoked:admin',
      'forbidden:viewer',
    ]);
    await cluster.faults.heal();
    expect(cluster.faults.active()).toEqual([]);
    expect((await call(cluster, '/api/v1/pods')).status).toBe(200);
  });

  it('records faults in the request log with user, status and duration', async () => {
    cluster.requestLog.clear();
    cluster.faults.throttle(2);
    await call(cluster, '/api/v1/pods');
    const entry = await cluster.requestLog.waitFor((e) => e.path === '/api/v1/pods');
    expect(entry).toMatchObject({
      method: 'GET',
      path: '/api/v1/pods',
      user: 'admin',
      status: 429,
      faults: ['throttle'],
    });
    expect(entry.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('never writes a token into the request log, whatever happened to it', async () => {
    cluster.requestLog.clear();
    const presented: string[] = [];
    const send = async (token: string) => {
      presented.push(token);
      return (await call(cluster, '/api/v1/pods', { token })).status;
    };
    expect(await send(cluster.tokenFor('viewer'))).toBe(200);
    expect(await send('an-unknown-token-that-must-not-be-logged')).toBe(401);
    cluster.faults.revokeToken('viewer');
    expect(await send(cluster.tokenFor('viewer'))).toBe(401);
    const old = cluster.tokenFor('admin');
    const fresh = cluster.faults.rotateToken('admin');
    expect(await send(old)).toBe(401);
    expect(await send(fresh)).toBe(200);
    cluster.faults.throttle(1);
    expect(await send(fresh)).toBe(429);

    // An entry is written when its response closes, which may trail the client's read by a moment.
    await cluster.requestLog.waitFor(() => cluster.requestLog.all().length === presented.length);
    const entries = cluster.requestLog.all();
    const logged = JSON.stringify(entries);
    for (const token of presented) expect(logged).not.toContain(token);
    // The fingerprint still tells which credential arrived.
    expect(entries.map((e) => e.credential)).toEqual(presented.map((t) => credentialFingerprint(t)));
  });
});
