import { SimulatedCluster } from '@flotilla/cluster-testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FlotillaError } from '../errors';
import type { TransportStream } from '../transport-types';
import { failureOf, kubeConfigFor, TransportPool } from './support/transport-fixtures';

let cluster: SimulatedCluster;
const pool = new TransportPool();

beforeAll(async () => {
  cluster = await SimulatedCluster.start({ name: 'stream', workload: { pods: 3 }, bookmarkIntervalMs: 100 });
});
afterEach(async () => {
  pool.disposeAll();
  await cluster.faults.heal();
});
afterAll(() => cluster.stop());

const configmaps = () => {
  const type = cluster.registry.all().find((t) => t.plural === 'configmaps');
  if (!type) throw new Error('no configmaps');
  return type;
};

/** Reads lines until `until` says stop; resolves with them, or with the error the stream ended with. */
async function collect(
  stream: TransportStream,
  until: (line: string) => boolean = () => false,
): Promise<{ lines: string[]; error: FlotillaError | null }> {
  const lines: string[] = [];
  try {
    for await (const line of stream.lines()) {
      lines.push(line);
      if (until(line)) break;
    }
    return { lines, error: null };
  } catch (error) {
    if (error instanceof FlotillaError) return { lines, error };
    throw error;
  }
}

const watchQuery = { watch: true, allowWatchBookmarks: true };

describe('HttpsTransport.stream', () => {
  it('yields watch events line by line, including changes made after it opened', async () => {
    const transport = pool.create(kubeConfigFor(cluster), 'stream');
    const stream = await transport.stream({
      path: '/api/v1/namespaces/default/configmaps',
      query: watchQuery,
    });
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toContain('application/json');
    const name = `cm-${Date.now()}`;
    const seen = collect(stream, (line) => line.includes(name));
    cluster.store.create(configmaps(), { metadata: { name, namespace: 'default' }, data: { a: '1' } });
    const { lines, error } = await seen;
    expect(error).toBeNull();
    const last = JSON.parse(lines.at(-1) ?? '{}') as { type: string; object: { metadata: { name: string } } };
    expect(last.type).toBe('ADDED');
    expect(last.object.metadata.name).toBe(name);
    expect(lines.every((line) => !line.includes('\n'))).toBe(true);
  });

  it('rejects like request when the answer is an error status, keeping the Status body', async () => {
    const transport = pool.create(kubeConfigFor(cluster), 'stream');
    cluster.faults.revokeToken('admin');
    const error = await failureOf(transport.stream({ path: '/api/v1/pods', query: watchQuery }));
    expect(error.kind).toBe('auth');
    expect(error.status).toBe(401);
    expect(error.statusBody?.reason).toBe('Unauthorized');
    await cluster.faults.heal();
    const missing = await failureOf(transport.stream({ path: '/api/v1/nothings', query: watchQuery }));
    expect(missing.kind).toBe('not-found');
  });

  it('ends with a timeout error when the server stalls (idle watchdog)', async () => {
    const transport = pool.create(kubeConfigFor(cluster), 'stream');
    const stream = await transport.stream({ path: '/api/v1/pods', query: watchQuery, idleTimeoutMs: 400 });
    let first = true;
    const result = collect(stream, () => {
      if (first) cluster.faults.hang();
      first = false;
      return false;
    });
    const { error } = await result;
    expect(error?.kind).toBe('timeout');
    expect(error?.message).toContain('stalled');
  });

  it('times out waiting for headers of a hung server', async () => {
    const transport = pool.create(kubeConfigFor(cluster), 'stream');
    cluster.faults.hang();
    const error = await failureOf(
      transport.stream({ path: '/api/v1/pods', query: watchQuery, headersTimeoutMs: 300 }),
    );
    expect(error.kind).toBe('timeout');
  });

  it('ends with malformed-response when a line exceeds maxLineBytes', async () => {
    const transport = pool.create(kubeConfigFor(cluster), 'stream');
    const stream = await transport.stream({ path: '/api/v1/pods', query: watchQuery, maxLineBytes: 64 });
    const { lines, error } = await collect(stream);
    expect(lines).toEqual([]);
    expect(error?.kind).toBe('malformed-response');
    expect(error?.message).toContain('maxLineBytes');
  });

  it('ends cleanly on close() and on its signal, and frees the socket', async () => {
    const transport = pool.create(kubeConfigFor(cluster), 'stream');
    const closed = await transport.stream({ path: '/api/v1/pods', query: watchQuery });
    const closing = collect(closed, () => {
      closed.close();
      return false;
    });
    expect((await closing).error).toBeNull();

    const controller = new AbortController();
    const aborted = await transport.stream({
      path: '/api/v1/pods',
      query: watchQuery,
      signal: controller.signal,
    });
    const aborting = collect(aborted, () => {
      controller.abort();
      return false;
    });
    expect((await aborting).error).toBeNull();
    await expect.poll(() => cluster.openWatchCount).toBe(0);
  });

  it('ends open streams with cancelled when the transport is disposed', async () => {
    const transport = pool.create(kubeConfigFor(cluster), 'stream');
    const stream = await transport.stream({ path: '/api/v1/pods', query: watchQuery });
    const result = collect(stream, () => {
      transport.dispose();
      return false;
    });
    expect((await result).error?.kind).toBe('cancelled');
    expect((await failureOf(transport.stream({ path: '/api/v1/pods' }))).kind).toBe('cancelled');
  });

  it('reports a stream the server cuts as a clean end', async () => {
    const transport = pool.create(kubeConfigFor(cluster), 'stream');
    const stream = await transport.stream({ path: '/api/v1/pods', query: watchQuery });
    const result = collect(stream, () => {
      cluster.faults.cutWatches();
      return false;
    });
    expect((await result).error).toBeNull();
  });

  it('keeps streams out of the request pool: a full pool of watches does not block a request', async () => {
    const transport = pool.create(kubeConfigFor(cluster), 'stream', { maxSockets: 1 });
    expect(transport.streamAgent).not.toBe(transport.agent);
    const streams = await Promise.all(
      [1, 2, 3].map(() => transport.stream({ path: '/api/v1/pods', query: watchQuery })),
    );
    const response = await transport.request({ path: '/api/v1/namespaces', timeoutMs: 2000 });
    expect(response.status).toBe(200);
    for (const stream of streams) stream.close();
  });

  it('closes open streams cleanly on rebuild, so their owners resume', async () => {
    const transport = pool.create(kubeConfigFor(cluster), 'stream');
    const stream = await transport.stream({ path: '/api/v1/pods', query: watchQuery });
    const result = collect(stream, () => {
      transport.rebuild();
      return false;
    });
    expect((await result).error).toBeNull();
  });
});
