import { describe, expect, it } from 'vitest';
import { ManualClock, flushMicrotasks } from '../clock';
import { ClusterClient, type ClusterClientOptions, type RetryingInfo } from '../cluster-client';
import { FlotillaError, type FlotillaErrorKind } from '../errors';
import type {
  ClusterTransport,
  TransportRequest,
  TransportResponse,
  TransportStream,
} from '../transport-types';

type Step = (request: TransportRequest) => Promise<TransportResponse> | TransportResponse | FlotillaError;

const ok = (): TransportResponse => ({ status: 200, headers: {}, body: { ok: true }, durationMs: 7 });
const fail =
  (kind: FlotillaErrorKind, extra: { status?: number; retryAfterSeconds?: number } = {}): Step =>
  () =>
    new FlotillaError({ kind, clusterId: 'c1', clusterName: 'one', message: `simulated ${kind}`, ...extra });
/** Never answers; rejects only when the request's signal aborts, as a real transport does. */
const hang: Step = (request) =>
  new Promise((_, reject) => {
    request.signal?.addEventListener('abort', () =>
      reject(new FlotillaError({ kind: 'cancelled', clusterId: 'c1', message: 'aborted' })),
    );
  });

/** Answers from a script, one step per attempt, then 200s. */
class ScriptedTransport implements ClusterTransport {
  readonly requests: TransportRequest[] = [];
  readonly invalidations: Array<FlotillaError | undefined> = [];
  disposed = false;

  constructor(private readonly steps: Step[] = []) {}

  async request<T>(request: TransportRequest): Promise<TransportResponse<T>> {
    this.requests.push(request);
    const outcome = await (this.steps.shift() ?? ok)(request);
    if (outcome instanceof FlotillaError) throw outcome;
    return outcome as TransportResponse<T>;
  }
  // Streams have their own tests (cluster-client-stream.test.ts); these scripts are for requests.
  stream(): Promise<TransportStream> {
    return Promise.reject(new Error('ScriptedTransport does not stream'));
  }
  rebuild(): void {}
  invalidateCredentials(rejected?: FlotillaError): void {
    this.invalidations.push(rejected);
  }
  dispose(): void {
    this.disposed = true;
  }
}

function setup(steps: Step[], options: Partial<ClusterClientOptions> = {}) {
  const clock = new ManualClock(1_000_000);
  const transport = new ScriptedTransport(steps);
  const retrying: RetryingInfo[] = [];
  const errors: FlotillaError[] = [];
  const successes: number[] = [];
  const client = new ClusterClient({
    transport,
    clusterId: 'c1',
    clusterName: 'one',
    clock,
    random: () => 0,
    onRetrying: (event) => retrying.push(event),
    onError: (error) => errors.push(error),
    onSuccess: (durationMs) => successes.push(durationMs),
    ...options,
  });
  return { clock, transport, client, retrying, errors, successes };
}

/** Settles a request while driving the manual clock through its backoff waits. */
async function settle<T>(clock: ManualClock, promise: Promise<T>): Promise<PromiseSettledResult<T>> {
  let result: PromiseSettledResult<T> | undefined;
  void promise.then(
    (value) => (result = { status: 'fulfilled', value }),
    (reason: unknown) => (result = { status: 'rejected', reason }),
  );
  for (let i = 0; i < 1000 && !result; i++) {
    await flushMicrotasks();
    const due = clock.nextDueAt();
    if (due !== null) await clock.advanceAsync(due - clock.now());
  }
  if (!result) throw new Error('request never settled');
  return result;
}

/** The FlotillaError a request rejects with (a resolution fails the test). */
const caught = (promise: Promise<unknown>): Promise<FlotillaError> =>
  promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (error: unknown) => error as FlotillaError,
  );

const rejection = (result: PromiseSettledResult<unknown>): FlotillaError => {
  if (result.status !== 'rejected') throw new Error('expected a rejection');
  return result.reason as FlotillaError;
};

describe('ClusterClient retries', () => {
  it('retries a GET after 503 with exponential backoff and reports each retry', async () => {
    const { clock, client, transport, retrying, successes, errors } = setup([
      fail('server', { status: 503 }),
      fail('server', { status: 503 }),
    ]);
    const result = await settle(clock, client.request({ path: '/api/v1/pods' }));
    expect(result.status).toBe('fulfilled');
    expect(transport.requests).toHaveLength(3);
    expect(retrying).toEqual([
      {
        attempt: 1,
        maxRetries: 3,
        delayMs: 250,
        reason: '[one] simulated server',
        method: 'GET',
        path: '/api/v1/pods',
      },
      {
        attempt: 2,
        maxRetries: 3,
        delayMs: 500,
        reason: '[one] simulated server',
        method: 'GET',
        path: '/api/v1/pods',
      },
    ]);
    expect(successes).toEqual([7]);
    expect(errors).toEqual([]);
  });

  it('never retries a POST, but retries one marked idempotent', async () => {
    const post = setup([fail('server', { status: 503 })]);
    const error = rejection(
      await settle(post.clock, post.client.request({ method: 'POST', path: '/api/v1/namespaces', body: {} })),
    );
    expect(error.kind).toBe('server');
    expect(post.transport.requests).toHaveLength(1);
    expect(post.retrying).toEqual([]);
    expect(post.errors).toEqual([error]);

    const put = setup([fail('server', { status: 503 })]);
    const result = await settle(
      put.clock,
      put.client.request({ method: 'PUT', path: '/x', idempotent: true }),
    );
    expect(result.status).toBe('fulfilled');
    expect(put.transport.requests).toHaveLength(2);
  });

  it('honours Retry-After exactly and allows up to 10 such retries', async () => {
    const steps = Array.from({ length: 11 }, () => fail('throttled', { status: 429, retryAfterSeconds: 2 }));
    const { clock, client, transport, retrying, errors } = setup(steps);
    const started = clock.now();
    const error = rejection(await settle(clock, client.request({ path: '/api' })));
    expect(error.kind).toBe('throttled');
    expect(transport.requests).toHaveLength(11);
    expect(retrying.map((e) => e.delayMs)).toEqual(Array.from({ length: 10 }, () => 2000));
    expect(retrying.at(-1)).toMatchObject({ attempt: 10, maxRetries: 10 });
    expect(clock.now() - started).toBe(20_000);
    expect(errors).toHaveLength(1);
  });

  it('stops after 3 retries when the server gave no Retry-After, and bounds the total wait', async () => {
    const plain = setup(Array.from({ length: 5 }, () => fail('server', { status: 500 })));
    rejection(await settle(plain.clock, plain.client.request({ path: '/api' })));
    expect(plain.transport.requests).toHaveLength(4);

    const long = setup(
      Array.from({ length: 5 }, () => fail('throttled', { status: 429, retryAfterSeconds: 45 })),
    );
    const error = rejection(await settle(long.clock, long.client.request({ path: '/api' })));
    expect(error.retryAfterSeconds).toBe(45);
    // 45 s fits the 60 s budget once; a second wait would not.
    expect(long.transport.requests).toHaveLength(2);
  });

  it('retries connection failures of a GET but not tls, timeout or 4xx', async () => {
    const refused = setup([fail('transport'), fail('transport')]);
    expect((await settle(refused.clock, refused.client.request({ path: '/api' }))).status).toBe('fulfilled');
    expect(refused.transport.requests).toHaveLength(3);

    for (const kind of ['tls', 'timeout', 'authz', 'not-found', 'malformed-response'] as const) {
      const once = setup([fail(kind)]);
      expect(rejection(await settle(once.clock, once.client.request({ path: '/api' }))).kind).toBe(kind);
      expect(once.transport.requests).toHaveLength(1);
    }
  });

  it('uses the configured policy; retry: false never retries', async () => {
    const custom = setup(
      Array.from({ length: 3 }, () => fail('server', { status: 503 })),
      {
        retry: { maxRetriesWithoutRetryAfter: 1, initialDelayMs: 10 },
      },
    );
    rejection(await settle(custom.clock, custom.client.request({ path: '/api' })));
    expect(custom.retrying.map((e) => e.delayMs)).toEqual([10]);

    const none = setup([fail('server', { status: 503 })], { retry: false });
    rejection(await settle(none.clock, none.client.request({ path: '/api' })));
    expect(none.transport.requests).toHaveLength(1);
  });
});

describe('ClusterClient and 401', () => {
  it('invalidates credentials and retries once, then surfaces auth', async () => {
    const unauthorized = fail('auth', { status: 401 });
    const { clock, client, transport, errors } = setup([unauthorized, unauthorized, unauthorized]);
    const error = rejection(
      await settle(clock, client.request({ method: 'POST', path: '/api/v1/namespaces', body: {} })),
    );
    expect(error.kind).toBe('auth');
    expect(transport.requests).toHaveLength(2);
    expect(transport.invalidations).toHaveLength(1);
    expect(transport.invalidations[0]?.status).toBe(401);
    expect(errors).toEqual([error]);
  });

  it('succeeds when the refreshed credential is accepted', async () => {
    const { clock, client, transport } = setup([fail('auth', { status: 401 })]);
    expect((await settle(clock, client.request({ path: '/api' }))).status).toBe('fulfilled');
    expect(transport.invalidations).toHaveLength(1);
  });

  it('does not refresh for an exec-plugin failure or an unauthenticated request', async () => {
    const plugin = setup([fail('exec-plugin')]);
    rejection(await settle(plugin.clock, plugin.client.request({ path: '/api' })));
    expect(plugin.transport.invalidations).toHaveLength(0);

    const anonymous = setup([fail('auth', { status: 401 })]);
    rejection(
      await settle(anonymous.clock, anonymous.client.request({ path: '/version', authenticate: false })),
    );
    expect(anonymous.transport.invalidations).toHaveLength(0);
  });
});

describe('ClusterClient cancellation and rate limiting', () => {
  it('stops a backoff wait at once when the caller aborts', async () => {
    const { clock, client, errors } = setup([fail('throttled', { status: 429, retryAfterSeconds: 30 })]);
    const controller = new AbortController();
    const outcome = caught(client.request({ path: '/api', signal: controller.signal }));
    await flushMicrotasks();
    expect(clock.pendingTimers).toBe(1);
    controller.abort();
    const error = await outcome;
    expect(error.kind).toBe('cancelled');
    expect(clock.pendingTimers).toBe(0);
    expect(errors).toEqual([]);
  });

  it('passes the abort to an in-flight request', async () => {
    const { client } = setup([hang]);
    const controller = new AbortController();
    const pending = caught(client.request({ path: '/api', signal: controller.signal }));
    await flushMicrotasks();
    controller.abort();
    expect((await pending).kind).toBe('cancelled');
  });

  it('dispose() cancels waiting and in-flight requests and later ones', async () => {
    const { client } = setup([hang, fail('server', { status: 503 })]);
    const inFlight = caught(client.request({ path: '/a' }));
    const waiting = caught(client.request({ path: '/b' }));
    await flushMicrotasks();
    client.dispose();
    expect((await inFlight).message).toContain('client disposed');
    expect((await waiting).kind).toBe('cancelled');
    await expect(client.request({ path: '/c' })).rejects.toMatchObject({ kind: 'cancelled' });
  });

  it('rate-limits with its own token bucket (burst, then qps)', async () => {
    const { clock, client, transport } = setup([], { rateLimit: { qps: 2, burst: 2 } });
    const results = [1, 2, 3].map(() => client.request({ path: '/api' }));
    await flushMicrotasks();
    expect(transport.requests).toHaveLength(2);
    await clock.advanceAsync(499);
    expect(transport.requests).toHaveLength(2);
    await clock.advanceAsync(1);
    expect(transport.requests).toHaveLength(3);
    await Promise.all(results);
  });

  it('shares no limiter or retry budget between two clients', async () => {
    const clock = new ManualClock();
    const make = () =>
      new ClusterClient({
        transport: new ScriptedTransport(),
        clusterId: 'x',
        clusterName: 'x',
        clock,
        rateLimit: { qps: 1, burst: 1 },
      });
    const one = make();
    const two = make();
    expect(one.rateLimiter).not.toBe(two.rateLimiter);
    await one.request({ path: '/a' });
    // One's bucket is empty; two's is not.
    await two.request({ path: '/a' });
    expect(one.rateLimiter?.availableTokens()).toBeLessThan(1);
  });

  it('wraps a foreign error as transport and a throwing listener does not fail the request', async () => {
    const foreign = setup([() => Promise.reject(new Error('boom'))], { retry: false });
    const error = rejection(await settle(foreign.clock, foreign.client.request({ path: '/api' })));
    expect(error).toBeInstanceOf(FlotillaError);
    expect(error.kind).toBe('transport');

    const noisy = setup([], {
      onSuccess: () => {
        throw new Error('listener bug');
      },
    });
    expect((await noisy.client.request({ path: '/api' })).status).toBe(200);
  });
});
