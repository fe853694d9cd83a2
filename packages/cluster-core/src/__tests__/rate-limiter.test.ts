import { describe, expect, it } from 'vitest';
import { ManualClock, flushMicrotasks } from '../clock';
import { TokenBucketRateLimiter } from '../rate-limiter';

function track(promise: Promise<void>, log: string[], label: string): Promise<void> {
  return promise.then(
    () => {
      log.push(label);
    },
    (error: unknown) => {
      log.push(`${label}:${(error as Error).name}`);
    },
  );
}

describe('TokenBucketRateLimiter', () => {
  it('allows a burst of 10 then paces at 5 QPS (client-go defaults)', () => {
    const clock = new ManualClock();
    const limiter = new TokenBucketRateLimiter({ clock });
    const burst = Array.from({ length: 10 }, () => limiter.tryAccept());
    expect(burst.every(Boolean)).toBe(true);
    expect(limiter.tryAccept()).toBe(false);
    clock.advance(199);
    expect(limiter.tryAccept()).toBe(false);
    clock.advance(1);
    expect(limiter.tryAccept()).toBe(true);
    expect(limiter.tryAccept()).toBe(false);
  });

  it('never refills beyond the burst', () => {
    const clock = new ManualClock();
    const limiter = new TokenBucketRateLimiter({ clock, qps: 5, burst: 2 });
    clock.advance(60_000);
    expect(limiter.availableTokens()).toBe(2);
    expect([limiter.tryAccept(), limiter.tryAccept(), limiter.tryAccept()]).toEqual([true, true, false]);
  });

  it('acquire resolves immediately within the burst and then one waiter per 200 ms', async () => {
    const clock = new ManualClock();
    const limiter = new TokenBucketRateLimiter({ clock, qps: 5, burst: 2 });
    const log: string[] = [];
    const all = [1, 2, 3, 4, 5].map((n) => track(limiter.acquire(), log, `r${n}`));
    await flushMicrotasks();
    expect(log).toEqual(['r1', 'r2']);
    expect(limiter.pending).toBe(3);
    await clock.advanceAsync(199);
    expect(log).toEqual(['r1', 'r2']);
    await clock.advanceAsync(1);
    expect(log).toEqual(['r1', 'r2', 'r3']);
    await clock.advanceAsync(200);
    expect(log).toEqual(['r1', 'r2', 'r3', 'r4']);
    await clock.advanceAsync(200);
    await Promise.all(all);
    expect(log).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
    expect(clock.now()).toBe(600);
    expect(clock.pendingTimers).toBe(0);
  });

  it('serves waiters first-in first-out and tryAccept does not jump the queue', async () => {
    const clock = new ManualClock();
    const limiter = new TokenBucketRateLimiter({ clock, qps: 10, burst: 1 });
    expect(limiter.tryAccept()).toBe(true);
    const log: string[] = [];
    const all = ['a', 'b', 'c'].map((label) => track(limiter.acquire(), log, label));
    clock.advance(100);
    // The token that came back belongs to the queue, not to a non-blocking caller.
    expect(limiter.tryAccept()).toBe(false);
    await clock.advanceAsync(300);
    await Promise.all(all);
    expect(log).toEqual(['a', 'b', 'c']);
  });

  it('rejects an aborted waiter, removes it from the queue and gives its turn to the next', async () => {
    const clock = new ManualClock();
    const limiter = new TokenBucketRateLimiter({ clock, qps: 5, burst: 1 });
    limiter.tryAccept();
    const log: string[] = [];
    const controller = new AbortController();
    const first = track(limiter.acquire(controller.signal), log, 'first');
    const second = track(limiter.acquire(), log, 'second');
    expect(limiter.pending).toBe(2);
    controller.abort();
    await first;
    expect(log).toEqual(['first:AbortError']);
    expect(limiter.pending).toBe(1);
    await clock.advanceAsync(200);
    await second;
    expect(log).toEqual(['first:AbortError', 'second']);
  });

  it('rejects with the abort reason the caller gave, also when already aborted', async () => {
    const limiter = new TokenBucketRateLimiter({ clock: new ManualClock() });
    const reason = new Error('cluster removed');
    await expect(limiter.acquire(AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(limiter.availableTokens()).toBe(10);
  });

  it('clears its timer when the last waiter aborts', async () => {
    const clock = new ManualClock();
    const limiter = new TokenBucketRateLimiter({ clock, qps: 1, burst: 1 });
    limiter.tryAccept();
    const controller = new AbortController();
    const pending = limiter.acquire(controller.signal);
    expect(clock.pendingTimers).toBe(1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    expect(clock.pendingTimers).toBe(0);
  });

  it('stop() rejects pending waiters and refuses later requests', async () => {
    const clock = new ManualClock();
    const limiter = new TokenBucketRateLimiter({ clock, qps: 5, burst: 1 });
    limiter.tryAccept();
    const waiting = [limiter.acquire(), limiter.acquire()];
    limiter.stop();
    for (const promise of waiting) await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
    expect(limiter.pending).toBe(0);
    expect(clock.pendingTimers).toBe(0);
    clock.advance(10_000);
    expect(limiter.tryAccept()).toBe(false);
    await expect(limiter.acquire()).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('keeps two limiters independent: draining one leaves the other full and fast', async () => {
    const clock = new ManualClock();
    const a = new TokenBucketRateLimiter({ clock });
    const b = new TokenBucketRateLimiter({ clock });
    while (a.tryAccept()) {
      // drain a completely
    }
    const queued = a.acquire();
    a.stop();
    await expect(queued).rejects.toThrow();
    expect(b.availableTokens()).toBe(10);
    await expect(b.acquire()).resolves.toBeUndefined();
    expect(b.pending).toBe(0);
  });

  it('does not lose tokens when the wall clock steps backwards', () => {
    const clock = { now: () => t, setTimeout: () => ({}) as never, clearTimeout: () => {} };
    let t = 10_000;
    const limiter = new TokenBucketRateLimiter({ clock, qps: 5, burst: 2 });
    limiter.tryAccept();
    t = 5_000;
    expect(limiter.availableTokens()).toBe(1);
    t = 5_200;
    expect(limiter.availableTokens()).toBe(2);
  });

  it('rejects invalid limits', () => {
    expect(() => new TokenBucketRateLimiter({ qps: 0 })).toThrow(RangeError);
    expect(() => new TokenBucketRateLimiter({ burst: 0 })).toThrow(RangeError);
  });
});
