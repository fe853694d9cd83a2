import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applyFaultSpec, FAULT_SPECS, FaultSpecError } from '../faults/fault-spec';
import { SimulatedCluster } from '../simulated-cluster';
import { call, openWatch } from './http-client';

let cluster: SimulatedCluster;

beforeAll(async () => {
  cluster = await SimulatedCluster.start({ name: 'specs', workload: { pods: 5, namespaces: 1, nodes: 1 } });
});
afterEach(() => cluster.faults.heal());
afterAll(() => cluster.stop());

const status = async (path = '/api/v1/pods', token?: string) =>
  (await call(cluster, path, token === undefined ? {} : { token })).status;

/** The fault texts `flotilla-sim up --fault` and `flotilla-sim fault` accept, each with its effect. */
describe('applyFaultSpec', () => {
  it('hang: connections are accepted and never answered', async () => {
    await applyFaultSpec(cluster, 'hang');
    expect(cluster.faults.active()).toEqual(['hang']);
    await expect(call(cluster, '/readyz', { timeoutMs: 300 })).rejects.toThrow(/timeout/);
  });

  it('unauthorized: the admin token gets 401, other users are untouched', async () => {
    await applyFaultSpec(cluster, 'unauthorized');
    expect(cluster.faults.active()).toEqual(['revoked:admin']);
    expect(await status()).toBe(401);
    expect(await status('/api/v1/pods', cluster.tokenFor('viewer'))).toBe(200);
  });

  it('forbidden: admin gets 403 for everything, other users are untouched', async () => {
    await applyFaultSpec(cluster, 'forbidden');
    expect(cluster.faults.active()).toEqual(['forbidden:admin']);
    expect(await status()).toBe(403);
    expect(await status('/apis/apps/v1/deployments')).toBe(403);
    expect(await status('/api/v1/pods', cluster.tokenFor('viewer'))).toBe(200);
  });

  it('refused: the port refuses connections until heal', async () => {
    await applyFaultSpec(cluster, 'refused');
    expect(cluster.faults.active()).toEqual(['refuse']);
    const result = await new Promise<string>((resolve) => {
      const socket = connect(cluster.port, '127.0.0.1');
      socket.on('connect', () => resolve('connected'));
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(result).toBe('ECONNREFUSED');
  });

  it('slow:MS delays every answer by MS', async () => {
    await applyFaultSpec(cluster, 'slow:120');
    expect(cluster.faults.active()).toEqual(['latency:120']);
    const started = performance.now();
    await call(cluster, '/readyz');
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });

  it('flaky:RATE fails that share of API requests with 503', async () => {
    await applyFaultSpec(cluster, 'flaky:1');
    expect(cluster.faults.active()).toEqual(['errorRate:1:503']);
    expect(await status()).toBe(503);
    await applyFaultSpec(cluster, 'flaky:0');
    expect(await status()).toBe(200);
  });

  it('throttle[:SECONDS] answers 429 with Retry-After (1 s by default)', async () => {
    await applyFaultSpec(cluster, 'throttle:4');
    const res = await call(cluster, '/api/v1/pods');
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('4');
    await applyFaultSpec(cluster, 'throttle');
    expect(cluster.faults.active()).toEqual(['throttle:1']);
  });

  it('cut-watches ends open watches; expire makes resuming them 410', async () => {
    const rv = (await call(cluster, '/api/v1/pods')).json<{ metadata: { resourceVersion: string } }>()
      .metadata.resourceVersion;
    const watch = openWatch(cluster, `/api/v1/pods?watch=true&resourceVersion=${rv}`);
    await watch.status;
    await applyFaultSpec(cluster, 'cut-watches');
    await watch.ended;
    await applyFaultSpec(cluster, 'expire');
    const resumed = openWatch(cluster, `/api/v1/pods?watch=true&resourceVersion=${Number(rv) - 1}`);
    await resumed.ended;
    expect(resumed.events[0]).toMatchObject({ type: 'ERROR', object: { reason: 'Expired', code: 410 } });
  });

  it('malformed[:RATE] corrupts JSON bodies (all by default)', async () => {
    await applyFaultSpec(cluster, 'malformed');
    expect(cluster.faults.active()).toEqual(['malformedBody:1']);
    const text = (await call(cluster, '/api/v1/pods')).text;
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it('trickle:BYTES_PER_SECOND and flap:MS set their faults', async () => {
    await applyFaultSpec(cluster, 'trickle:5000');
    await applyFaultSpec(cluster, 'flap:250');
    expect(cluster.faults.active()).toEqual(['trickle:5000', 'flapReadyz:250']);
  });

  it('applies a credential fault to the user it is given', async () => {
    await applyFaultSpec(cluster, 'unauthorized', 'viewer');
    expect(await status('/api/v1/pods', cluster.tokenFor('viewer'))).toBe(401);
    expect(await status()).toBe(200);
  });

  it.each([
    ['explode', /unknown fault "explode"; expected one of: hang, unauthorized/],
    ['slow', /fault "slow": expected a number >= 0 after ':'/],
    ['slow:-5', /fault "slow:-5": expected a number >= 0/],
    ['slow:fast', /fault "slow:fast": expected a number/],
    ['flaky:2', /fault "flaky:2": expected a number between 0 and 1/],
    ['malformed:1.5', /between 0 and 1/],
    ['trickle:0', /fault "trickle:0": expected a number >= 1/],
    ['flap:', /fault "flap:": expected a number >= 1/],
    ['throttle:0', /fault "throttle:0": expected a number >= 1/],
  ])('rejects %s with a FaultSpecError and changes nothing', async (spec, message) => {
    const attempt = applyFaultSpec(cluster, spec);
    await expect(attempt).rejects.toThrow(FaultSpecError);
    await expect(attempt).rejects.toThrow(message);
    expect(cluster.faults.active()).toEqual([]);
  });

  it('lists every spec it understands', () => {
    expect(FAULT_SPECS.map((s) => s.split(':')[0])).toEqual([
      'hang',
      'unauthorized',
      'forbidden',
      'refused',
      'slow',
      'flaky',
      'throttle',
      'cut-watches',
      'expire',
      'malformed',
      'trickle',
      'flap',
    ]);
  });
});
