import { describe, expect, it, vi } from 'vitest';
import { ManualClock, flushMicrotasks } from '../clock';
import type { Clock } from '../clock';
import { JitteredInterval } from '../jittered-interval';
import type { TickLateness } from '../jittered-interval';

const fixed = (value: number) => () => value;

function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}

describe('JitteredInterval', () => {
  it('ticks immediately, then one interval after each tick finishes', async () => {
    const clock = new ManualClock();
    const starts: number[] = [];
    const interval = new JitteredInterval({
      intervalMs: 5_000,
      clock,
      random: fixed(0.5),
      tick: async () => {
        starts.push(clock.now());
        await sleep(clock, 1_000);
      },
    });
    interval.start();
    await clock.advanceAsync(20_000);
    expect(starts).toEqual([0, 6_000, 12_000, 18_000]);
  });

  it('draws each gap from interval × (1 ± jitter)', () => {
    const at = (random: number) =>
      new JitteredInterval({
        intervalMs: 5_000,
        jitter: 0.2,
        random: fixed(random),
        tick: async () => {},
      }).nextGap();
    expect(at(0)).toBe(4_000);
    expect(at(0.5)).toBe(5_000);
    expect(at(0.9999)).toBe(6_000);
  });

  it('never overlaps ticks: a slow tick pushes the next one back', async () => {
    const clock = new ManualClock();
    let running = 0;
    let maxRunning = 0;
    const starts: number[] = [];
    const interval = new JitteredInterval({
      intervalMs: 1_000,
      jitter: 0,
      clock,
      tick: async () => {
        starts.push(clock.now());
        running++;
        maxRunning = Math.max(maxRunning, running);
        await sleep(clock, 3_000);
        running--;
      },
    });
    interval.start();
    await clock.advanceAsync(10_000);
    expect(maxRunning).toBe(1);
    expect(starts).toEqual([0, 4_000, 8_000]);
  });

  it('start() is idempotent', async () => {
    const clock = new ManualClock();
    const tick = vi.fn(async () => {});
    const interval = new JitteredInterval({ intervalMs: 1_000, jitter: 0, clock, tick });
    interval.start();
    interval.start();
    await clock.advanceAsync(0);
    expect(tick).toHaveBeenCalledTimes(1);
    expect(interval.isRunning).toBe(true);
  });

  it('waits one gap before the first tick when not immediate', async () => {
    const clock = new ManualClock();
    const tick = vi.fn(async () => {});
    new JitteredInterval({ intervalMs: 1_000, jitter: 0, immediate: false, clock, tick }).start();
    await clock.advanceAsync(999);
    expect(tick).not.toHaveBeenCalled();
    await clock.advanceAsync(1);
    expect(tick).toHaveBeenCalledTimes(1);
  });

  it('stop() aborts the running tick and schedules nothing more; start() resumes', async () => {
    const clock = new ManualClock();
    const signals: AbortSignal[] = [];
    const interval = new JitteredInterval({
      intervalMs: 1_000,
      jitter: 0,
      clock,
      tick: async (signal) => {
        signals.push(signal);
        await sleep(clock, 500);
      },
    });
    interval.start();
    await clock.advanceAsync(100);
    expect(interval.isTicking).toBe(true);
    interval.stop();
    expect(signals[0]?.aborted).toBe(true);
    expect(interval.isRunning).toBe(false);
    await clock.advanceAsync(10_000);
    expect(signals).toHaveLength(1);
    expect(clock.pendingTimers).toBe(0);

    interval.start();
    await clock.advanceAsync(0);
    expect(signals).toHaveLength(2);
    expect(signals[1]?.aborted).toBe(false);
  });

  it('reports a failing tick and keeps ticking', async () => {
    const clock = new ManualClock();
    const errors: unknown[] = [];
    const tick = vi.fn(async () => {
      throw new Error('readyz 500');
    });
    new JitteredInterval({
      intervalMs: 1_000,
      jitter: 0,
      clock,
      tick,
      onError: (e) => errors.push(e),
    }).start();
    await clock.advanceAsync(2_000);
    expect(tick).toHaveBeenCalledTimes(3);
    expect(errors).toHaveLength(3);
    expect((errors[0] as Error).message).toBe('readyz 500');
  });

  it('aborts a hung tick after timeoutMs and keeps its cadence', async () => {
    const clock = new ManualClock();
    const signals: AbortSignal[] = [];
    const errors: unknown[] = [];
    const interval = new JitteredInterval({
      intervalMs: 5_000,
      jitter: 0,
      timeoutMs: 2_000,
      clock,
      onError: (e) => errors.push(e),
      tick: (signal) => {
        signals.push(signal);
        return new Promise<void>(() => {});
      },
    });
    interval.start();
    await clock.advanceAsync(7_000);
    expect(signals).toHaveLength(2);
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[1]?.aborted).toBe(false);
    // The timeout is the interval's decision, not a tick error.
    expect(errors).toEqual([]);
    interval.stop();
  });

  it('reports how late each tick fired', async () => {
    const inner = new ManualClock();
    // A clock whose timers fire 7 ms late, as a busy event loop would.
    const lateClock: Clock = {
      now: () => inner.now(),
      setTimeout: (fn, ms) => inner.setTimeout(fn, ms + 7),
      clearTimeout: (handle) => inner.clearTimeout(handle),
    };
    const samples: TickLateness[] = [];
    new JitteredInterval({
      intervalMs: 1_000,
      jitter: 0,
      clock: lateClock,
      tick: async () => {},
      onLateness: (sample) => samples.push(sample),
    }).start();
    await inner.advanceAsync(1_100);
    expect(samples).toEqual([
      { scheduledAt: 0, firedAt: 7, latenessMs: 7 },
      { scheduledAt: 1_007, firedAt: 1_014, latenessMs: 7 },
    ]);
  });

  it('aligns due times to its grid, so ticks falling due together share a wake-up', async () => {
    const clock = new ManualClock(1_000_000);
    const starts = new Map<string, number[]>();
    const samples: TickLateness[] = [];
    const start = (name: string, random: number, jitter = 0.1) => {
      starts.set(name, []);
      new JitteredInterval({
        intervalMs: 5_000,
        jitter,
        alignMs: 100,
        clock,
        random: fixed(random),
        tick: async () => {
          starts.get(name)?.push(clock.now() - 1_000_000);
        },
        onLateness: (sample) => samples.push(sample),
      }).start();
    };
    start('a', 0.5); // gap 5000
    start('b', 0.51); // gap 5010 → rounded to 5000, the same wake-up as a
    start('c', 0.56); // gap 5060 → 5100: its own jitter is kept, moved by at most 50 ms
    // jitter 0.01 spans ±50 ms, so the grid shrinks to 25 ms and cannot erase the jitter: 5025 stays
    start('d', 0.75, 0.01);
    await clock.advanceAsync(5_200);
    expect(Object.fromEntries(starts)).toEqual({
      a: [0, 5_000],
      b: [0, 5_000],
      c: [0, 5_100],
      d: [0, 5_025],
    });
    // The first tick is never delayed, and lateness is measured against the aligned due time.
    expect(samples.every((s) => s.latenessMs === 0)).toBe(true);
  });

  it('keeps two intervals independent: a hung tick in one does not delay the other', async () => {
    const clock = new ManualClock();
    const healthyStarts: number[] = [];
    const hung = new JitteredInterval({
      intervalMs: 1_000,
      jitter: 0,
      clock,
      tick: () => new Promise<void>(() => {}),
    });
    const healthy = new JitteredInterval({
      intervalMs: 1_000,
      jitter: 0,
      clock,
      tick: async () => {
        healthyStarts.push(clock.now());
      },
    });
    hung.start();
    healthy.start();
    await clock.advanceAsync(3_000);
    await flushMicrotasks();
    expect(healthyStarts).toEqual([0, 1_000, 2_000, 3_000]);
    expect(hung.isTicking).toBe(true);
  });

  it('rejects invalid options', () => {
    const tick = async () => {};
    expect(() => new JitteredInterval({ intervalMs: 0, tick })).toThrow(RangeError);
    expect(() => new JitteredInterval({ intervalMs: 1, jitter: 2, tick })).toThrow(RangeError);
    expect(() => new JitteredInterval({ intervalMs: 1, timeoutMs: 0, tick })).toThrow(RangeError);
    expect(() => new JitteredInterval({ intervalMs: 1, alignMs: -1, tick })).toThrow(RangeError);
  });
});
