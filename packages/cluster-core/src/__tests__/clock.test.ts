import { describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../clock';

describe('ManualClock', () => {
  it('fires due timers in due-time order, ties in scheduling order, at their due time', () => {
    const clock = new ManualClock(1_000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`c@${clock.now()}`), 30);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 10);
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 10);
    clock.advance(20);
    expect(fired).toEqual(['a@1010', 'b@1010']);
    expect(clock.now()).toBe(1_020);
    clock.advance(10);
    expect(fired).toEqual(['a@1010', 'b@1010', 'c@1030']);
  });

  it('fires timers scheduled by fired timers within the same advance', () => {
    const clock = new ManualClock();
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 0);
      clock.setTimeout(() => fired.push(clock.now()), 5);
      clock.setTimeout(() => fired.push(clock.now()), 50);
    }, 10);
    clock.advance(20);
    expect(fired).toEqual([10, 10, 15]);
    expect(clock.pendingTimers).toBe(1);
    expect(clock.nextDueAt()).toBe(60);
  });

  it('does not fire cleared timers and counts pending ones', () => {
    const clock = new ManualClock();
    let fired = 0;
    const handle = clock.setTimeout(() => fired++, 5);
    clock.setTimeout(() => fired++, 5);
    expect(clock.pendingTimers).toBe(2);
    clock.clearTimeout(handle);
    expect(clock.pendingTimers).toBe(1);
    clock.advance(5);
    expect(fired).toBe(1);
    expect(clock.pendingTimers).toBe(0);
    expect(clock.nextDueAt()).toBeNull();
  });

  it('treats negative and NaN delays as zero', () => {
    const clock = new ManualClock(100);
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(clock.now()), -5);
    clock.setTimeout(() => fired.push(clock.now()), Number.NaN);
    clock.advance(0);
    expect(fired).toEqual([100, 100]);
  });

  it('runAll fires chains until empty and guards against endless rescheduling', () => {
    const clock = new ManualClock();
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 1_000);
    }, 100);
    clock.runAll();
    expect(fired).toEqual([100, 1_100]);
    expect(clock.now()).toBe(1_100);

    const loop = () => {
      clock.setTimeout(loop, 1);
    };
    loop();
    expect(() => clock.runAll(50)).toThrow(/more than 50 timers/);
  });

  it('rejects moving backwards', () => {
    expect(() => new ManualClock().advance(-1)).toThrow(RangeError);
  });

  it('advanceAsync lets awaited work schedule its follow-up timers within the same call', async () => {
    const clock = new ManualClock();
    const fired: number[] = [];
    const sleep = (ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms));
    const loop = async () => {
      for (let i = 0; i < 3; i++) {
        await sleep(10);
        await Promise.resolve();
        fired.push(clock.now());
      }
    };
    const done = loop();
    await clock.advanceAsync(30);
    await done;
    expect(fired).toEqual([10, 20, 30]);
  });
});

describe('systemClock', () => {
  it('reads wall time and can cancel a timer it created', () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
    let fired = false;
    const handle = systemClock.setTimeout(() => {
      fired = true;
    }, 60_000);
    systemClock.clearTimeout(handle);
    expect(fired).toBe(false);
  });
});
