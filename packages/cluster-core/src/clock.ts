declare const timerHandleBrand: unique symbol;

/**
 * Opaque timer handle. Node returns a `Timeout` object and browsers a number, so callers only ever
 * hand it back to the clock that created it.
 */
export type TimerHandle = { readonly [timerHandleBrand]: true };

/**
 * The time seam every timer-driven primitive takes, so tests (ours and users') control time with
 * {@link ManualClock} instead of sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch; wall time so values such as `nextRetryAt` can be shown to users. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Returns a number in `[0, 1)`; injectable so jitter is deterministic in tests. */
export type RandomSource = () => number;

/** Math.random, the randomness used when none is injected. */
export const defaultRandom: RandomSource = () => Math.random();

/**
 * The real clock. Timers are left referenced (not `unref`ed): an unref'd timer would let Node exit
 * while a caller still awaits a rate-limit slot or a retry, and `unref` does not exist in browsers.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms) as unknown as TimerHandle,
  clearTimeout: (handle) => {
    globalThis.clearTimeout(handle as unknown as Parameters<typeof globalThis.clearTimeout>[0]);
  },
};

interface ManualTimer {
  readonly id: number;
  readonly dueAt: number;
  readonly fn: () => void;
}

/**
 * A clock that only moves when told to. Timers fire in due-time order (ties in scheduling order),
 * each one seeing `now()` equal to its due time, and timers scheduled by a firing timer run in the
 * same `advance` if they fall due before its end.
 */
export class ManualClock implements Clock {
  private current: number;
  private nextId = 1;
  private readonly timers = new Map<number, ManualTimer>();

  constructor(startMs = 0) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    // Mirror the platform: negative or NaN delays mean "as soon as possible".
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    this.timers.set(id, { id, dueAt: this.current + delay, fn });
    return id as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as unknown as number);
  }

  /** Number of timers scheduled and not yet fired or cleared. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Due time of the earliest pending timer, or `null` when none is pending. */
  nextDueAt(): number | null {
    return this.earliest()?.dueAt ?? null;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`ManualClock.advance expects ms >= 0, got ${ms}`);
    const target = this.current + ms;
    for (let timer = this.earliest(); timer && timer.dueAt <= target; timer = this.earliest()) {
      this.fire(timer);
    }
    this.current = target;
  }

  /**
   * Like {@link advance}, but lets promise callbacks settle before and after each timer, so async
   * code that awaits and then schedules its next timer is driven in one call.
   */
  async advanceAsync(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new RangeError(`ManualClock.advanceAsync expects ms >= 0, got ${ms}`);
    const target = this.current + ms;
    await flushMicrotasks();
    for (let timer = this.earliest(); timer && timer.dueAt <= target; timer = this.earliest()) {
      this.fire(timer);
      await flushMicrotasks();
    }
    this.current = target;
  }

  /**
   * Fires pending timers (including ones they schedule) until none is left. The limit turns a
   * self-rescheduling timer, which would otherwise loop forever, into an error.
   */
  runAll(limit = 10_000): void {
    for (let fired = 0; ; fired++) {
      const timer = this.earliest();
      if (!timer) return;
      if (fired >= limit) throw new Error(`ManualClock.runAll: more than ${limit} timers fired`);
      this.fire(timer);
    }
  }

  private fire(timer: ManualTimer): void {
    this.timers.delete(timer.id);
    this.current = Math.max(this.current, timer.dueAt);
    timer.fn();
  }

  private earliest(): ManualTimer | undefined {
    let best: ManualTimer | undefined;
    for (const timer of this.timers.values()) {
      if (!best || timer.dueAt < best.dueAt || (timer.dueAt === best.dueAt && timer.id < best.id)) {
        best = timer;
      }
    }
    return best;
  }
}

/**
 * Yields to the microtask queue enough times for chains of awaits to settle. Microtasks only, so
 * it never waits for real time to pass.
 */
export async function flushMicrotasks(rounds = 50): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
