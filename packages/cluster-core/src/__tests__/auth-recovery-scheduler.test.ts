import { describe, expect, it, vi } from 'vitest';
import { AuthRecoveryScheduler } from '../auth-recovery-scheduler';
import type {
  AuthRecoveryFailure,
  AuthRecoveryProgress,
  AuthRecoverySchedulerOptions,
  AuthRecoverySnapshot,
  ProbeOutcome,
} from '../auth-recovery-scheduler';
import { ManualClock, flushMicrotasks } from '../clock';

const AUTH: ProbeOutcome = { ok: false, class: 'auth', reason: '401 Unauthorized' };
const CONN: ProbeOutcome = { ok: false, class: 'connectivity', reason: 'ECONNREFUSED' };
const OK: ProbeOutcome = { ok: true };

interface PendingProbe {
  at: number;
  signal: AbortSignal;
  resolve: (outcome: ProbeOutcome) => void;
}

/** Probe whose calls stay pending until the test settles them. */
function manualProbe(clock: ManualClock) {
  const calls: PendingProbe[] = [];
  const probe = vi.fn(
    (signal: AbortSignal) =>
      new Promise<ProbeOutcome>((resolve) => {
        calls.push({ at: clock.now(), signal, resolve });
      }),
  );
  return { probe, calls };
}

/** Probe that answers from a script, then with `fallback`, recording when it was called. */
function scriptedProbe(clock: ManualClock, script: ProbeOutcome[], fallback: ProbeOutcome) {
  const times: number[] = [];
  const probe = vi.fn(async (_signal: AbortSignal) => {
    times.push(clock.now());
    return script.shift() ?? fallback;
  });
  return { probe, times };
}

function setup(
  probe: AuthRecoverySchedulerOptions['probe'],
  clock: ManualClock,
  extra: Partial<AuthRecoverySchedulerOptions> = {},
) {
  const progress: AuthRecoveryProgress[] = [];
  const failures: AuthRecoveryFailure[] = [];
  const onRecovered = vi.fn();
  const scheduler = new AuthRecoveryScheduler({
    probe,
    clock,
    onProgress: (p) => progress.push(p),
    onFailed: (f) => failures.push(f),
    onRecovered,
    ...extra,
  });
  return { scheduler, progress, failures, onRecovered };
}

describe('AuthRecoveryScheduler', () => {
  it('runs at most one loop: a second start only records its reason', () => {
    const clock = new ManualClock();
    const { probe } = manualProbe(clock);
    const { scheduler } = setup(probe, clock);
    expect(scheduler.start('401 from list pods')).toBe(true);
    expect(probe).toHaveBeenCalledTimes(1);
    expect(scheduler.start('401 from watch nodes')).toBe(false);
    expect(probe).toHaveBeenCalledTimes(1);
    expect(scheduler.getSnapshot()).toEqual({
      state: 'recovering',
      attempt: 1,
      maxAttempts: 4,
      nextRetryAt: null,
      lastReason: '401 from watch nodes',
      lastClass: null,
    });
  });

  it('spends auth attempts at 0, 5, 10, 15 s, then re-probes every 60 s', async () => {
    const clock = new ManualClock();
    const { probe, times } = scriptedProbe(clock, [], AUTH);
    const { scheduler, progress, failures, onRecovered } = setup(probe, clock);
    scheduler.start('401');
    await flushMicrotasks();
    expect(scheduler.getSnapshot()).toMatchObject({
      state: 'waiting',
      attempt: 2,
      nextRetryAt: 5_000,
      lastClass: 'auth',
    });

    await clock.advanceAsync(150_000);
    expect(times).toEqual([0, 5_000, 15_000, 30_000, 90_000, 150_000]);
    expect(progress.map((p) => [p.attempt, p.nextRetryAt])).toEqual([
      [1, 5_000],
      [2, 15_000],
      [3, 30_000],
      [4, 90_000],
      [4, 150_000],
      [4, 210_000],
    ]);
    expect(
      progress.every((p) => p.class === 'auth' && p.maxAttempts === 4 && p.reason === '401 Unauthorized'),
    ).toBe(true);
    expect(failures).toEqual([{ reason: '401 Unauthorized', attempts: 4, nextRetryAt: 90_000 }]);
    expect(onRecovered).not.toHaveBeenCalled();
    expect(scheduler.getSnapshot()).toMatchObject({ state: 'exhausted', attempt: 4, nextRetryAt: 210_000 });
  });

  it('notices an external login on a steady re-probe', async () => {
    const clock = new ManualClock();
    const { probe, times } = scriptedProbe(clock, [AUTH, AUTH, AUTH, AUTH, AUTH], OK);
    const { scheduler, onRecovered } = setup(probe, clock);
    scheduler.start('401');
    await clock.advanceAsync(600_000);
    expect(times).toEqual([0, 5_000, 15_000, 30_000, 90_000, 150_000]);
    expect(onRecovered).toHaveBeenCalledTimes(1);
    expect(scheduler.getSnapshot().state).toBe('recovered');
  });

  it('does not spend auth attempts on connectivity failures and re-probes them every 15 s', async () => {
    const clock = new ManualClock();
    const { probe, times } = scriptedProbe(clock, [CONN, CONN, AUTH, CONN, AUTH], OK);
    const { scheduler, progress, failures } = setup(probe, clock);
    scheduler.start('401');
    await flushMicrotasks();
    expect(scheduler.getSnapshot()).toMatchObject({
      state: 'waiting',
      attempt: 1,
      nextRetryAt: 15_000,
      lastClass: 'connectivity',
    });
    await clock.advanceAsync(120_000);
    expect(times).toEqual([0, 15_000, 30_000, 35_000, 50_000, 60_000]);
    expect(progress.map((p) => [p.class, p.attempt, p.nextRetryAt])).toEqual([
      ['connectivity', 1, 15_000],
      ['connectivity', 1, 30_000],
      ['auth', 1, 35_000],
      ['connectivity', 2, 50_000],
      ['auth', 2, 60_000],
    ]);
    expect(failures).toEqual([]);
  });

  it('keeps re-probing every 15 s on connectivity failures once exhausted', async () => {
    const clock = new ManualClock();
    const { probe, times } = scriptedProbe(clock, [AUTH, AUTH, AUTH, AUTH, CONN, CONN], AUTH);
    const { scheduler, failures } = setup(probe, clock);
    scheduler.start('401');
    await clock.advanceAsync(120_000);
    expect(times).toEqual([0, 5_000, 15_000, 30_000, 90_000, 105_000, 120_000]);
    expect(failures).toHaveLength(1);
    expect(scheduler.getSnapshot()).toMatchObject({
      state: 'exhausted',
      lastClass: 'auth',
      nextRetryAt: 180_000,
    });
  });

  it('on success emits recovered once and ends the loop', async () => {
    const clock = new ManualClock();
    const { probe, times } = scriptedProbe(clock, [AUTH], OK);
    const { scheduler, onRecovered } = setup(probe, clock);
    scheduler.start('401');
    await clock.advanceAsync(5_000);
    expect(onRecovered).toHaveBeenCalledTimes(1);
    expect(scheduler.getSnapshot()).toMatchObject({ state: 'recovered', nextRetryAt: null, attempt: 2 });
    expect(clock.pendingTimers).toBe(0);
    await clock.advanceAsync(600_000);
    expect(times).toEqual([0, 5_000]);
    expect(scheduler.isActive()).toBe(false);
  });

  it('starts a fresh loop from attempt 1 when started again after recovering', async () => {
    const clock = new ManualClock();
    const { probe, times } = scriptedProbe(clock, [AUTH, AUTH, OK], AUTH);
    const { scheduler } = setup(probe, clock);
    scheduler.start('first');
    await clock.advanceAsync(15_000);
    expect(scheduler.getSnapshot().state).toBe('recovered');
    expect(scheduler.start('second')).toBe(true);
    await flushMicrotasks();
    expect(scheduler.getSnapshot()).toMatchObject({ state: 'waiting', attempt: 2, nextRetryAt: 20_000 });
    expect(times).toEqual([0, 5_000, 15_000, 15_000]);
  });

  it('retry() aborts the in-flight probe, ignores its result and restarts from attempt 1', async () => {
    const clock = new ManualClock();
    const { probe, calls } = manualProbe(clock);
    const { scheduler, onRecovered, progress } = setup(probe, clock);
    scheduler.start('401');
    calls[0]?.resolve(AUTH);
    await clock.advanceAsync(5_000);
    calls[1]?.resolve(AUTH);
    await clock.advanceAsync(10_000);
    expect(calls).toHaveLength(3);
    expect(scheduler.getSnapshot()).toMatchObject({ state: 'recovering', attempt: 3 });

    scheduler.retry('user clicked retry');
    expect(calls[2]?.signal.aborted).toBe(true);
    expect(calls).toHaveLength(4);
    expect(calls[3]?.at).toBe(15_000);
    expect(scheduler.getSnapshot()).toMatchObject({
      state: 'recovering',
      attempt: 1,
      lastReason: 'user clicked retry',
      lastClass: null,
    });

    calls[2]?.resolve(OK);
    await flushMicrotasks();
    expect(onRecovered).not.toHaveBeenCalled();

    calls[3]?.resolve(AUTH);
    await flushMicrotasks();
    expect(progress.at(-1)).toMatchObject({ attempt: 1, nextRetryAt: 20_000 });
  });

  it('retry() cancels the pending timer instead of adding a second loop', async () => {
    const clock = new ManualClock();
    const { probe, times } = scriptedProbe(clock, [], AUTH);
    const { scheduler } = setup(probe, clock);
    scheduler.start('401');
    await clock.advanceAsync(1_000);
    scheduler.retry();
    await clock.advanceAsync(5_000);
    expect(times).toEqual([0, 1_000, 6_000]);
    expect(clock.pendingTimers).toBe(1);
    expect(scheduler.getSnapshot().lastReason).toBe('401 Unauthorized');
  });

  it('retry() when idle starts a loop', () => {
    const clock = new ManualClock();
    const { probe } = manualProbe(clock);
    const { scheduler } = setup(probe, clock);
    scheduler.retry();
    expect(probe).toHaveBeenCalledTimes(1);
    expect(scheduler.getSnapshot()).toMatchObject({ state: 'recovering', lastReason: 'retry requested' });
  });

  it('fires no callback and no probe after dispose()', async () => {
    const clock = new ManualClock();
    const { probe, calls } = manualProbe(clock);
    const { scheduler, progress, failures, onRecovered } = setup(probe, clock);
    const listener = vi.fn();
    scheduler.subscribe(listener);
    scheduler.start('401');
    calls[0]?.resolve(AUTH);
    await flushMicrotasks();
    await clock.advanceAsync(5_000);
    const progressBefore = progress.length;
    const notificationsBefore = listener.mock.calls.length;

    scheduler.dispose();
    expect(calls[1]?.signal.aborted).toBe(true);
    calls[1]?.resolve(OK);
    await clock.advanceAsync(600_000);
    expect(scheduler.start('again')).toBe(false);
    scheduler.retry();
    await clock.advanceAsync(600_000);

    expect(probe).toHaveBeenCalledTimes(2);
    expect(progress).toHaveLength(progressBefore);
    expect(failures).toEqual([]);
    expect(onRecovered).not.toHaveBeenCalled();
    expect(listener).toHaveBeenCalledTimes(notificationsBefore);
    expect(clock.pendingTimers).toBe(0);
    expect(scheduler.getSnapshot()).toMatchObject({ state: 'idle', nextRetryAt: null });
  });

  it('stop() aborts the loop, reports idle, and can be followed by a fresh start', async () => {
    const clock = new ManualClock();
    const { probe, calls } = manualProbe(clock);
    const { scheduler, onRecovered } = setup(probe, clock);
    scheduler.start('401');
    scheduler.stop();
    expect(calls[0]?.signal.aborted).toBe(true);
    expect(scheduler.getSnapshot()).toMatchObject({ state: 'idle', attempt: 0, nextRetryAt: null });
    calls[0]?.resolve(OK);
    await flushMicrotasks();
    expect(onRecovered).not.toHaveBeenCalled();
    expect(clock.pendingTimers).toBe(0);

    const idle = scheduler.getSnapshot();
    scheduler.stop();
    expect(scheduler.getSnapshot()).toBe(idle);

    expect(scheduler.start('401 again')).toBe(true);
    expect(probe).toHaveBeenCalledTimes(2);
  });

  it('keeps the snapshot referentially stable until the state changes', async () => {
    const clock = new ManualClock();
    const { probe, calls } = manualProbe(clock);
    const { scheduler } = setup(probe, clock);
    const seen: AuthRecoverySnapshot[] = [];
    scheduler.subscribe((snapshot) => seen.push(snapshot));

    const idle = scheduler.getSnapshot();
    expect(scheduler.getSnapshot()).toBe(idle);
    scheduler.start('401');
    const recovering = scheduler.getSnapshot();
    expect(recovering).not.toBe(idle);
    expect(scheduler.getSnapshot()).toBe(recovering);
    scheduler.start('401');
    expect(scheduler.getSnapshot()).toBe(recovering);

    calls[0]?.resolve(AUTH);
    await flushMicrotasks();
    const waiting = scheduler.getSnapshot();
    expect(waiting).not.toBe(recovering);
    await clock.advanceAsync(4_999);
    expect(scheduler.getSnapshot()).toBe(waiting);

    // Listeners get each distinct snapshot once, in order, and exactly what getSnapshot returns.
    expect(seen).toEqual([recovering, waiting]);
    expect(seen[0]).toBe(recovering);
    expect(seen[1]).toBe(waiting);
  });

  it('times out a hung probe as a connectivity failure and aborts its signal', async () => {
    const clock = new ManualClock();
    const { probe, calls } = manualProbe(clock);
    const { scheduler, progress } = setup(probe, clock);
    scheduler.start('401');
    await clock.advanceAsync(10_000);
    expect(calls[0]?.signal.aborted).toBe(true);
    expect(progress).toEqual([
      {
        reason: 'probe timed out after 10000 ms',
        class: 'connectivity',
        attempt: 1,
        maxAttempts: 4,
        nextRetryAt: 25_000,
      },
    ]);
    await clock.advanceAsync(15_000);
    expect(calls.map((c) => c.at)).toEqual([0, 25_000]);
  });

  it('treats a throwing probe as a connectivity failure', async () => {
    const clock = new ManualClock();
    const probe = vi.fn(async (): Promise<ProbeOutcome> => {
      throw new Error('socket hang up');
    });
    const { scheduler, progress } = setup(probe, clock);
    scheduler.start('401');
    await flushMicrotasks();
    expect(progress).toEqual([
      { reason: 'socket hang up', class: 'connectivity', attempt: 1, maxAttempts: 4, nextRetryAt: 15_000 },
    ]);
    expect(scheduler.getSnapshot().attempt).toBe(1);
  });

  it('stops telling callbacks once one of them stopped the scheduler', async () => {
    const clock = new ManualClock();
    const { probe } = scriptedProbe(clock, [], AUTH);
    const onFailed = vi.fn();
    const scheduler: AuthRecoveryScheduler = new AuthRecoveryScheduler({
      probe,
      clock,
      authRetryDelaysMs: [0],
      onProgress: () => scheduler.stop(),
      onFailed,
    });
    scheduler.start('401');
    await flushMicrotasks();
    expect(onFailed).not.toHaveBeenCalled();
    expect(scheduler.getSnapshot().state).toBe('idle');
    expect(clock.pendingTimers).toBe(0);
  });

  it('honours custom delays and intervals', async () => {
    const clock = new ManualClock();
    const { probe, times } = scriptedProbe(clock, [AUTH, AUTH, CONN], AUTH);
    const { scheduler } = setup(probe, clock, {
      authRetryDelaysMs: [100, 200],
      steadyReprobeMs: 1_000,
      connectivityReprobeMs: 50,
    });
    scheduler.start('401');
    expect(scheduler.getSnapshot()).toMatchObject({
      state: 'waiting',
      attempt: 1,
      maxAttempts: 2,
      nextRetryAt: 100,
    });
    await clock.advanceAsync(2_000);
    expect(times).toEqual([100, 300, 1_300, 1_350]);
  });

  it('keeps two schedulers independent', async () => {
    const clock = new ManualClock();
    const a = scriptedProbe(clock, [], AUTH);
    const b = scriptedProbe(clock, [], OK);
    const schedA = setup(a.probe, clock);
    const schedB = setup(b.probe, clock);
    schedA.scheduler.start('401');
    await clock.advanceAsync(30_000);
    expect(schedA.scheduler.getSnapshot().state).toBe('exhausted');
    expect(schedB.scheduler.getSnapshot().state).toBe('idle');
    expect(b.probe).not.toHaveBeenCalled();

    schedB.scheduler.start('401');
    await flushMicrotasks();
    expect(schedB.scheduler.getSnapshot().state).toBe('recovered');
    schedB.scheduler.retry();
    expect(a.times).toEqual([0, 5_000, 15_000, 30_000]);
    expect(schedA.scheduler.getSnapshot()).toMatchObject({ state: 'exhausted', nextRetryAt: 90_000 });
  });

  it('rejects an empty attempt list', () => {
    expect(() => new AuthRecoveryScheduler({ probe: async () => OK, authRetryDelaysMs: [] })).toThrow(
      RangeError,
    );
  });
});
