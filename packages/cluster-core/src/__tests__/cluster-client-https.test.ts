import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedCluster } from '@flotilla/cluster-testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClusterClient, type ClusterClientOptions, type RetryingInfo } from '../cluster-client';
import type { FlotillaError } from '../errors';
import type { ClusterTransport } from '../transport-types';
import { failureOf, kubeConfigFor, TransportPool } from './support/transport-fixtures';

let cluster: SimulatedCluster;
let scratch: string;
const pool = new TransportPool();

beforeAll(async () => {
  cluster = await SimulatedCluster.start({ name: 'piped', workload: { pods: 3 } });
  scratch = await mkdtemp(join(tmpdir(), 'flotilla-client-'));
});
afterEach(async () => {
  pool.disposeAll();
  await cluster.faults.heal();
  cluster.requestLog.clear();
});
afterAll(async () => {
  await cluster.stop();
  await rm(scratch, { recursive: true, force: true });
});

/** A client whose `firstRetry` resolves with the first `onRetrying` event (a bounded wait, no sleep). */
function clientFor(transport: ClusterTransport, options: Partial<ClusterClientOptions> = {}) {
  const retries: RetryingInfo[] = [];
  const errors: FlotillaError[] = [];
  let announce: (event: RetryingInfo) => void = () => undefined;
  const firstRetry = new Promise<RetryingInfo>((resolve) => (announce = resolve));
  const client = new ClusterClient({
    transport,
    clusterId: 'test:piped',
    clusterName: 'piped',
    onRetrying: (event) => {
      retries.push(event);
      announce(event);
    },
    onError: (error) => errors.push(error),
    ...options,
  });
  return { client, retries, errors, firstRetry };
}

const apiRequests = (method = 'GET') =>
  cluster.requestLog.filter((e) => e.method === method && e.path.startsWith('/api/v1/namespaces'));

describe('ClusterClient over HttpsTransport', () => {
  it('retries a throttled GET after Retry-After and succeeds once the cluster heals', async () => {
    const { client, firstRetry } = clientFor(pool.create(kubeConfigFor(cluster), 'piped'));
    cluster.faults.throttle(1);
    const pending = client.request({ path: '/api/v1/namespaces' });
    expect(await firstRetry).toMatchObject({ attempt: 1, maxRetries: 10, delayMs: 1000, method: 'GET' });
    await cluster.faults.heal();
    expect((await pending).status).toBe(200);
  });

  it('surfaces throttled with retryAfterSeconds when the retries run out', async () => {
    const { client, retries, errors } = clientFor(pool.create(kubeConfigFor(cluster), 'piped'), {
      retry: { maxRetries: 1 },
    });
    cluster.faults.throttle(1);
    const error = await failureOf(client.request({ path: '/api/v1/namespaces' }));
    expect(error.kind).toBe('throttled');
    expect(error.retryAfterSeconds).toBe(1);
    expect(retries).toHaveLength(1);
    expect(errors).toEqual([error]);
    expect(apiRequests()).toHaveLength(2);
  });

  it('retries a GET after 503 and emits retrying; a POST is sent once', async () => {
    const { client, firstRetry } = clientFor(pool.create(kubeConfigFor(cluster), 'piped'), {
      retry: { initialDelayMs: 20 },
    });
    cluster.faults.errorRate(1, 503);
    const pending = client.request({ path: '/api/v1/namespaces' });
    expect((await firstRetry).reason).toContain('503');
    await cluster.faults.heal();
    expect((await pending).status).toBe(200);

    cluster.faults.errorRate(1, 503);
    const error = await failureOf(
      client.request({ method: 'POST', path: '/api/v1/namespaces', body: { metadata: { name: 'once' } } }),
    );
    expect(error.kind).toBe('server');
    expect(apiRequests('POST')).toHaveLength(1);
  });

  it('sends a revoked static token twice (one refresh) and then reports auth', async () => {
    const { client } = clientFor(pool.create(kubeConfigFor(cluster), 'piped'));
    cluster.faults.revokeToken('admin');
    const error = await failureOf(client.request({ path: '/api/v1/namespaces' }));
    expect(error.kind).toBe('auth');
    expect(error.statusBody?.reason).toBe('Unauthorized');
    expect(apiRequests()).toHaveLength(2);
  });

  it('re-reads a token file after a 401, picking up a rotated token', async () => {
    const tokenFile = join(scratch, 'token');
    await writeFile(tokenFile, `${cluster.tokenFor('viewer')}\n`);
    const kubeConfig = kubeConfigFor(cluster, {
      credential: { token: 'placeholder-overridden-by-token-file' },
    });
    const transport = pool.create(kubeConfig, 'piped', { credentials: { tokenFile } });
    const { client } = clientFor(transport);
    await client.request({ path: '/api/v1/namespaces' });
    expect(cluster.requestLog.all().at(-1)?.user).toBe('viewer');
    const rotated = cluster.faults.rotateToken('viewer');
    await writeFile(tokenFile, rotated);
    await client.request({ path: '/api/v1/namespaces' });
    expect(apiRequests().map((e) => e.status)).toEqual([200, 401, 200]);
  });
});
