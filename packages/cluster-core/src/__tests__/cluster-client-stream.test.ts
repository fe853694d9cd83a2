import { describe, expect, it } from 'vitest';
import { ManualClock, flushMicrotasks } from '../clock';
import { ClusterClient, type ClusterClientOptions } from '../cluster-client';
import { ClusterSession } from '../cluster-session';
import { FlotillaError, type FlotillaErrorKind } from '../errors';
import type { ClusterTransport, StreamRequest, TransportResponse, TransportStream } from '../transport-types';

type StreamStep = FlotillaError | { lines: string[]; failWith?: FlotillaError };

const failure = (kind: FlotillaErrorKind, status?: number) =>
  new FlotillaError({
    kind,
    clusterId: 'c1',
    clusterName: 'one',
    message: `simulated ${kind}`,
    ...(status ? { status } : {}),
  });

function scriptedStream(step: { lines: string[]; failWith?: FlotillaError }): TransportStream {
  let closed = false;
  return {
    status: 200,
    headers: {},
    lines: async function* () {
      for (const line of step.lines) {
        if (closed) return;
        yield line;
      }
      if (step.failWith) throw step.failWith;
    },
    close: () => {
      closed = true;
    },
  };
}

/** Streams from a script, one step per open; requests always succeed. */
class StreamingTransport implements ClusterTransport {
  readonly opened: StreamRequest[] = [];
  readonly invalidations: Array<FlotillaError | undefined> = [];

  constructor(private readonly steps: StreamStep[] = []) {}

  request<T>(): Promise<TransportResponse<T>> {
    return Promise.resolve({ status: 200, headers: {}, body: {} as T, durationMs: 1 });
  }
  stream(request: StreamRequest): Promise<TransportStream> {
    this.opened.push(request);
    const step = this.steps.shift() ?? { lines: [] };
    return step instanceof FlotillaError ? Promise.reject(step) : Promise.resolve(scriptedStream(step));
  }
  rebuild(): void {}
  invalidateCredentials(rejected?: FlotillaError): void {
    this.invalidations.push(rejected);
  }
  dispose(): void {}
}

function setup(steps: StreamStep[], options: Partial<ClusterClientOptions> = {}) {
  const clock = new ManualClock(1_000_000);
  const transport = new StreamingTransport(steps);
  const errors: FlotillaError[] = [];
  const successes: number[] = [];
  const client = new ClusterClient({
    transport,
    clusterId: 'c1',
    clusterName: 'one',
    clock,
    onError: (error) => errors.push(error),
    onSuccess: (ms) => successes.push(ms),
    ...options,
  });
  return { clock, transport, client, errors, successes };
}

async function drain(stream: TransportStream): Promise<{ lines: string[]; error: unknown }> {
  const lines: string[] = [];
  try {
    for await (const line of stream.lines()) lines.push(line);
    return { lines, error: null };
  } catch (error) {
    return { lines, error };
  }
}

describe('ClusterClient.stream', () => {
  it('opens through the rate limiter', async () => {
    const { client, clock, transport } = setup([], { rateLimit: { qps: 1, burst: 1 } });
    await client.stream({ path: '/w' });
    const second = client.stream({ path: '/w' });
    await flushMicrotasks();
    expect(transport.opened).toHaveLength(1);
    await clock.advanceAsync(1000);
    await second;
    expect(transport.opened).toHaveLength(2);
  });

  it('never retries a failed open: the owner decides', async () => {
    const { client, transport, errors } = setup([failure('server', 503)]);
    await expect(client.stream({ path: '/w' })).rejects.toMatchObject({ kind: 'server' });
    expect(transport.opened).toHaveLength(1);
    expect(errors.map((e) => e.kind)).toEqual(['server']);
  });

  it('refreshes credentials once after a 401, then believes the second one', async () => {
    const ok = setup([failure('auth', 401)]);
    await ok.client.stream({ path: '/w' });
    expect(ok.transport.opened).toHaveLength(2);
    expect(ok.transport.invalidations).toHaveLength(1);
    expect(ok.errors).toEqual([]);

    const refused = setup([failure('auth', 401), failure('auth', 401)]);
    await expect(refused.client.stream({ path: '/w' })).rejects.toMatchObject({ status: 401 });
    expect(refused.errors.map((e) => e.status)).toEqual([401]);
  });

  it('reports a failure while streaming to onError, a clean end not', async () => {
    const { client, errors, successes } = setup([
      { lines: ['a', 'b'], failWith: failure('timeout') },
      { lines: ['c'] },
    ]);
    const broken = await drain(await client.stream({ path: '/w' }));
    expect(broken.lines).toEqual(['a', 'b']);
    expect((broken.error as FlotillaError).kind).toBe('timeout');
    const clean = await drain(await client.stream({ path: '/w' }));
    expect(clean).toEqual({ lines: ['c'], error: null });
    expect(errors.map((e) => e.kind)).toEqual(['timeout']);
    expect(successes).toHaveLength(2);
  });

  it('hands the transport a signal that dispose() aborts', async () => {
    const { client, transport } = setup([]);
    await client.stream({ path: '/w' });
    const signal = transport.opened[0]?.signal;
    expect(signal?.aborted).toBe(false);
    client.dispose();
    expect(signal?.aborted).toBe(true);
    await expect(client.stream({ path: '/w' })).rejects.toMatchObject({ kind: 'cancelled' });
  });
});

describe('ClusterSession.stream', () => {
  function session(steps: StreamStep[]) {
    const transport = new StreamingTransport(steps);
    const clock = new ManualClock(1_000_000);
    const s = new ClusterSession({
      clusterId: 'c1',
      clusterName: 'one',
      source: { type: 'manual', server: 'https://one' },
      server: 'https://one',
      createTransport: () => transport,
      clock,
      heartbeat: false,
    });
    return { session: s, transport, clock };
  }

  it('records a refused watch and lets a 401 start auth recovery', async () => {
    const { session: s } = session([failure('auth', 401), failure('auth', 401)]);
    const authFailures: string[] = [];
    s.events.on('cluster:auth:failed', (event) => authFailures.push(event.clusterId));
    await expect(s.stream({ path: '/w', source: 'informer', resourceKind: 'pods' })).rejects.toMatchObject({
      status: 401,
    });
    expect(s.errorLog.list({ source: 'informer' })[0]).toMatchObject({ resourceKind: 'pods' });
    // The recovery probe (a request, which this fake accepts) then finds the cluster fine again.
    expect(authFailures).toEqual(['c1']);
    s.dispose();
  });

  it('records a failure while streaming and counts it as a transport failure', async () => {
    const { session: s } = session([{ lines: ['x'], failWith: failure('timeout') }]);
    const result = await drain(await s.stream({ path: '/w' }));
    expect((result.error as FlotillaError).kind).toBe('timeout');
    expect(s.errorLog.list({ source: 'stream' })).toHaveLength(1);
    expect(s.tracker.getSnapshot().failures).toBe(1);
    s.dispose();
    await expect(s.stream({ path: '/w' })).rejects.toMatchObject({ kind: 'cancelled' });
  });
});
