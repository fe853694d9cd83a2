import { describe, expect, it } from 'vitest';
import { ManualClock, flushMicrotasks } from '../clock';
import { ClusterSession } from '../cluster-session';
import { FlotillaError } from '../errors';
import type { ClusterTransport, TransportRequest, TransportResponse } from '../transport-types';

/** Answers `/api` (the auth probe) from `probe`, and every other request from `other`. */
class ProbeTransport implements ClusterTransport {
  probes = 0;
  probe: () => FlotillaError | null = () => null;
  other: () => FlotillaError | null = () => null;

  async request<T>(request: TransportRequest): Promise<TransportResponse<T>> {
    const failure = request.path === '/api' ? (this.probes++, this.probe()) : this.other();
    if (failure) throw failure;
    return { status: 200, headers: {}, body: {} as T, durationMs: 1 };
  }
  stream(): never {
    throw new Error('not streamed here');
  }
  rebuild(): void {}
  invalidateCredentials(): void {}
  dispose(): void {}
}

const failure = (kind: FlotillaError['kind'], status: number) =>
  new FlotillaError({ kind, clusterId: 'c1', clusterName: 'one', status, message: `GET /api: ${status}` });

function session(clock: ManualClock, transport: ProbeTransport): ClusterSession {
  return new ClusterSession({
    clusterId: 'c1',
    clusterName: 'one',
    source: { type: 'manual', server: 'https://one.example' },
    server: 'https://one.example',
    createTransport: () => transport,
    clock,
    random: () => 0.5,
    heartbeat: false,
    client: { retry: { maxRetries: 0 } },
  });
}

async function advance(clock: ManualClock, ms: number): Promise<void> {
  await flushMicrotasks();
  await clock.advance(ms);
  await flushMicrotasks();
}

describe('auth recovery probes classify what they hear (BRIEF I5)', () => {
  it('a 403 on the probe is an auth failure: it uses up the attempts (0, 5, 10, 15 s) and then waits 60 s', async () => {
    const clock = new ManualClock(0);
    const transport = new ProbeTransport();
    const s = session(clock, transport);
    transport.other = () => failure('auth', 401);
    transport.probe = () => failure('authz', 403);
    const failed: number[] = [];
    s.events.on('cluster:auth:failed', (e) => failed.push(e.attempt));

    await s.request({ path: '/api/v1/pods' }).catch(() => undefined);
    await advance(clock, 0);
    for (const wait of [5_000, 10_000, 15_000]) await advance(clock, wait);
    await advance(clock, 1);
    expect(transport.probes).toBe(4);
    expect(s.getSnapshot().auth).toBe('invalid');
    // Once when the 401 arrives (before any probe), once more when the attempts are used up.
    expect(failed).toEqual([0, 4]);
    const snapshot = s.getSnapshot().authRecovery;
    expect(snapshot?.class).toBe('auth');
    expect(snapshot?.nextRetryAt).toBe(clock.now() - 1 + 60_000);
    s.dispose();
  });

  it('a connectivity failure on the probe never uses up attempts: it re-probes every 15 s', async () => {
    const clock = new ManualClock(0);
    const transport = new ProbeTransport();
    const s = session(clock, transport);
    transport.other = () => failure('auth', 401);
    transport.probe = () => failure('server', 503);

    await s.request({ path: '/api/v1/pods' }).catch(() => undefined);
    await advance(clock, 0);
    for (let i = 0; i < 6; i++) await advance(clock, 15_000);
    expect(transport.probes).toBe(7);
    expect(s.getSnapshot().auth).not.toBe('invalid');
    expect(s.getSnapshot().authRecovery?.class).toBe('connectivity');
    expect(s.getSnapshot().authRecovery?.attempt).toBeLessThanOrEqual(1);

    // Once the cluster answers the probe again, recovery ends without any attempt being wasted.
    transport.probe = () => null;
    await advance(clock, 15_000);
    expect(s.getSnapshot().auth).toBe('valid');
    s.dispose();
  });
});
