import { describe, expect, it } from 'vitest';
import { ManualClock, flushMicrotasks } from '../clock';
import { ClusterManager } from '../cluster-manager';
import { ClusterSession, type ClusterSessionOptions } from '../cluster-session';
import { ErrorLog } from '../error-log';
import { FlotillaError } from '../errors';
import type { ClusterEvents } from '../events';
import { LatencyWindow } from '../latency-window';
import type { ClusterTransport, TransportRequest, TransportResponse } from '../transport-types';

const TOKEN = 'sk-secret-token-0123456789';

/** Answers every request from `answer`, which a test switches between healthy and failing. */
class SwitchableTransport implements ClusterTransport {
  readonly paths: string[] = [];
  answer: (request: TransportRequest) => unknown = () => ({ ok: true });

  async request<T>(request: TransportRequest): Promise<TransportResponse<T>> {
    this.paths.push(request.path);
    const body = this.answer(request);
    if (body instanceof FlotillaError) throw body;
    return { status: 200, headers: {}, body: body as T, durationMs: 1 };
  }
  stream(): never {
    throw new Error('not streamed in these tests');
  }
  rebuild(): void {}
  invalidateCredentials(): void {}
  dispose(): void {}
}

const unauthorized = () =>
  new FlotillaError({
    kind: 'auth',
    clusterId: 'c1',
    clusterName: 'one',
    status: 401,
    // What a careless proxy might echo; the generic redaction in FlotillaError blanks both forms.
    message: `GET /api: 401 Unauthorized: {"token":"${TOKEN}"} rejected, Authorization: Bearer ${TOKEN}`,
    statusBody: { kind: 'Status', reason: 'Unauthorized', code: 401 },
  });

function sessionOn(
  clock: ManualClock,
  transport: SwitchableTransport,
  extra: Partial<ClusterSessionOptions> = {},
) {
  const session = new ClusterSession({
    clusterId: 'c1',
    clusterName: 'one',
    source: { type: 'manual', server: 'https://one.example' },
    server: 'https://one.example',
    createTransport: () => transport,
    clock,
    random: () => 0.5,
    heartbeat: false,
    ...extra,
  });
  const events: Array<{ type: keyof ClusterEvents; payload: Record<string, unknown> }> = [];
  for (const type of [
    'cluster:auth:failed',
    'cluster:auth:progress',
    'cluster:auth:recovering',
    'cluster:auth:recovered',
    'cluster:error',
  ] as const) {
    session.events.on(type, (payload: object) =>
      events.push({ type, payload: payload as Record<string, unknown> }),
    );
  }
  return { session, events };
}

describe('LatencyWindow', () => {
  it('summarises the last samples as last, p50 and p95, forgetting the oldest', () => {
    const window = new LatencyWindow(20);
    expect(window.summary()).toEqual({ lastMs: null, p50Ms: null, p95Ms: null, samples: 0 });
    for (let ms = 1; ms <= 20; ms++) window.add(ms);
    expect(window.summary()).toEqual({ lastMs: 20, p50Ms: 11, p95Ms: 20, samples: 20 });
    for (let i = 0; i < 20; i++) window.add(100); // the first twenty samples fall out of the window
    expect(window.summary()).toEqual({ lastMs: 100, p50Ms: 100, p95Ms: 100, samples: 20 });
  });
});

describe('ErrorLog', () => {
  const entry = (at: number, source: string) => ({
    at,
    source,
    resourceKind: null,
    identifier: null,
    error: { kind: 'timeout' as const, clusterId: 'c1', message: `at ${at}`, retryable: true },
  });

  it('keeps the newest entries up to its capacity and answers queries by source and time', () => {
    const log = new ErrorLog(3);
    for (const [at, source] of [
      [1, 'heartbeat'],
      [2, 'request'],
      [3, 'heartbeat'],
      [4, 'request'],
    ] as const)
      log.add(entry(at, source));
    expect(log.size).toBe(3);
    expect(log.list().map((e) => e.at)).toEqual([2, 3, 4]);
    expect(log.list({ source: 'request' }).map((e) => e.at)).toEqual([2, 4]);
    expect(log.list({ since: 3 }).map((e) => e.at)).toEqual([3, 4]);
    log.clear();
    expect(log.list()).toEqual([]);
  });
});

describe('ClusterSession auth countdown', () => {
  it('shows the recovery countdown in its snapshot and events, and retryAuth restarts it', async () => {
    const clock = new ManualClock(1_000_000);
    const transport = new SwitchableTransport();
    const { session, events } = sessionOn(clock, transport);
    transport.answer = unauthorized;

    await expect(session.request({ path: '/api/v1/pods' })).rejects.toMatchObject({ kind: 'auth' });
    await flushMicrotasks();
    // The first probe (attempt 1, at once) failed too: attempt 2 waits 5 s.
    expect(session.getSnapshot()).toMatchObject({
      auth: 'recovering',
      authRecovery: { class: 'auth', attempt: 2, maxAttempts: 4, nextRetryAt: 1_005_000 },
    });
    expect(events.map((e) => e.type)).toEqual([
      'cluster:auth:failed',
      'cluster:auth:recovering', // attempt 1 probes at once
      'cluster:error', // the request's own failure, recorded as it reaches the caller
      'cluster:auth:progress',
    ]);
    expect(events[3]?.payload).toEqual({
      clusterId: 'c1',
      clusterName: 'one',
      reason: expect.stringContaining('401 Unauthorized') as string,
      class: 'auth',
      attempt: 1,
      maxAttempts: 4,
      nextRetryAt: 1_005_000,
    });

    // The countdown is a stable snapshot until something changes.
    const waiting = session.getSnapshot();
    await clock.advanceAsync(4_000);
    expect(session.getSnapshot()).toBe(waiting);

    session.retryAuth();
    await flushMicrotasks();
    expect(session.getSnapshot().authRecovery).toMatchObject({ attempt: 2, nextRetryAt: 1_009_000 });
    expect(
      events.filter((e) => e.type === 'cluster:auth:recovering').map((e) => e.payload['attempt']),
    ).toEqual([1, 1]);

    transport.answer = () => ({ kind: 'APIVersions' });
    await clock.advanceAsync(5_000);
    await flushMicrotasks();
    expect(session.getSnapshot()).toMatchObject({ auth: 'valid', authRecovery: null });
    expect(events.at(-1)?.type).toBe('cluster:auth:recovered');
    session.dispose();
  });

  it('records errors redacted in its own log and in cluster:error', async () => {
    const clock = new ManualClock(1_000_000);
    const transport = new SwitchableTransport();
    const { session, events } = sessionOn(clock, transport, {
      authRecovery: { authRetryDelaysMs: [60_000] },
    });
    transport.answer = unauthorized;
    await session
      .request({ path: '/api/v1/pods', resourceKind: 'pods', source: 'list' })
      .catch(() => undefined);

    const [logged] = session.errorLog.list({ source: 'list' });
    expect(logged).toMatchObject({
      at: 1_000_000,
      resourceKind: 'pods',
      error: { kind: 'auth', status: 401 },
    });
    const error = events.find((e) => e.type === 'cluster:error')?.payload;
    expect(error).toMatchObject({
      clusterId: 'c1',
      clusterName: 'one',
      source: 'list',
      resourceKind: 'pods',
    });
    expect(JSON.stringify([logged, error, session.getSnapshot().lastError])).not.toContain(TOKEN);
    session.dispose();
  });
});

describe('ClusterManager snapshot', () => {
  it('builds the fleet snapshot on demand, stable until a cluster changes, and tells subscribers', async () => {
    const clock = new ManualClock(1_000_000);
    const transport = new SwitchableTransport();
    const manager = new ClusterManager({ connect: 'manual', session: { clock, heartbeat: false } });
    const session = manager.add({
      clusterId: 'c1',
      clusterName: 'one',
      source: { type: 'manual', server: 'https://one.example' },
      server: 'https://one.example',
      createTransport: () => transport,
    });
    const first = manager.getSnapshot();
    expect(manager.getSnapshot()).toBe(first);

    await session.request({ path: '/api' }); // lastSeen and latency change
    const second = manager.getSnapshot();
    expect(second).not.toBe(first);
    expect(second.clusters[0]).toBe(session.getSnapshot());
    expect(manager.getSnapshot()).toBe(second);

    const seen: unknown[] = [];
    manager.subscribe((snapshot) => seen.push(snapshot));
    clock.advance(1_000);
    await session.request({ path: '/api' });
    expect(seen).toEqual([manager.getSnapshot()]);
    expect(manager.getSnapshot().clusters[0]?.lastSeen).toBe(1_001_000);
    manager.dispose();
  });
});
