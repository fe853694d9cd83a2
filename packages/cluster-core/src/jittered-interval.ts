import { createAbortError } from './abort-error';
import { defaultRandom, systemClock } from './clock';
import type { Clock, RandomSource, TimerHandle } from './clock';

/** How late one tick fired compared with when it was scheduled; for benchmarks and metrics. */
export interface TickLateness {
  scheduledAt: number;
  firedAt: number;
  latenessMs: number;
}

export interface JitteredIntervalOptions {
  /** Mean gap between the end of one tick and the start of the next. */
  intervalMs: number;
  /**
   * Each gap is drawn uniformly from `intervalMs × (1 ± jitter)`, so many clusters started
   * together drift apart while the average period stays `intervalMs`. Default 0.1.
   */
  jitter?: number;
  /**
   * Rounds each due time to the nearest multiple of this many ms on the clock, so the timers of
   * many clusters that fall due within a few ms of each other fire in one event-loop wake-up
   * instead of one each (timer coalescing, like the kernel's timer slack). Every instance still has
   * its own timer and its own jittered gap; a gap changes by at most half of this, and never by
   * more than a quarter of the jitter span (`intervalMs × jitter / 2`), so alignment cannot erase
   * the jitter. Default 0: exact due times.
   */
  alignMs?: number;
  /** Run the first tick as soon as started rather than after one gap. Default true. */
  immediate?: boolean;
  /**
   * A tick still running after this long has its signal aborted and stops holding up the next
   * one, so a hung cluster keeps its own cadence. Default none.
   */
  timeoutMs?: number;
  clock?: Clock;
  random?: RandomSource;
  tick: (signal: AbortSignal) => Promise<void>;
  /** Receives a tick's rejection; the interval keeps running either way. */
  onError?: (error: unknown) => void;
  onLateness?: (sample: TickLateness) => void;
}

/**
 * Per-cluster periodic task (heartbeat) whose ticks never overlap: the next tick is scheduled
 * only after the current one settles (or times out), like client-go's sliding `JitterUntil`. A slow
 * cluster therefore ticks less often instead of piling up requests, and nothing is ever skipped
 * silently.
 */
export class JitteredInterval {
  private readonly intervalMs: number;
  private readonly jitter: number;
  private readonly immediate: boolean;
  private readonly alignMs: number;
  private readonly timeoutMs: number | undefined;
  private readonly clock: Clock;
  private readonly random: RandomSource;
  private readonly options: JitteredIntervalOptions;
  private generation = 0;
  private running = false;
  private timer: TimerHandle | null = null;
  private tickTimeout: TimerHandle | null = null;
  private inFlight: AbortController | null = null;

  constructor(options: JitteredIntervalOptions) {
    this.options = options;
    this.intervalMs = options.intervalMs;
    this.jitter = options.jitter ?? 0.1;
    this.immediate = options.immediate ?? true;
    this.timeoutMs = options.timeoutMs;
    this.alignMs = Math.min(options.alignMs ?? 0, (this.intervalMs * this.jitter) / 2);
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? defaultRandom;
    if (!(this.intervalMs > 0)) throw new RangeError('JitteredInterval: intervalMs must be > 0');
    if (!(this.jitter >= 0 && this.jitter <= 1))
      throw new RangeError('JitteredInterval: jitter must be in [0, 1]');
    if (!(this.alignMs >= 0)) throw new RangeError('JitteredInterval: alignMs must be >= 0');
    if (this.timeoutMs !== undefined && !(this.timeoutMs > 0)) {
      throw new RangeError('JitteredInterval: timeoutMs must be > 0');
    }
  }

  get isRunning(): boolean {
    return this.running;
  }

  get isTicking(): boolean {
    return this.inFlight !== null;
  }

  /** Idempotent: a running interval is left as it is. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(this.immediate ? 0 : this.nextGap());
  }

  /** Cancels the pending tick and aborts the running one; its completion schedules nothing. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.generation++;
    if (this.timer !== null) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
    }
    this.clearTickTimeout();
    const inFlight = this.inFlight;
    this.inFlight = null;
    inFlight?.abort(createAbortError('Interval stopped'));
  }

  /** Next gap in ms; exposed so callers and tests can see the jitter bounds being used. */
  nextGap(): number {
    return Math.round(this.intervalMs * (1 + this.jitter * (2 * this.random() - 1)));
  }

  private schedule(gapMs: number): void {
    const generation = this.generation;
    const now = this.clock.now();
    const scheduledAt = gapMs > 0 ? this.aligned(now + gapMs) : now;
    const delayMs = Math.max(0, scheduledAt - now);
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      if (generation !== this.generation) return;
      const firedAt = this.clock.now();
      this.options.onLateness?.({ scheduledAt, firedAt, latenessMs: firedAt - scheduledAt });
      if (generation === this.generation) this.runTick();
    }, delayMs);
  }

  /** `at` rounded to the nearest point of the alignment grid, never into the past. */
  private aligned(at: number): number {
    if (this.alignMs <= 0) return at;
    return Math.max(Math.round(at / this.alignMs) * this.alignMs, this.clock.now());
  }

  private runTick(): void {
    const controller = new AbortController();
    this.inFlight = controller;
    if (this.timeoutMs !== undefined) {
      this.tickTimeout = this.clock.setTimeout(() => {
        this.tickTimeout = null;
        if (this.inFlight !== controller) return;
        controller.abort(createAbortError(`Tick timed out after ${this.timeoutMs} ms`));
        this.finish(controller);
      }, this.timeoutMs);
    }
    let result: Promise<void>;
    try {
      result = Promise.resolve(this.options.tick(controller.signal));
    } catch (error) {
      result = Promise.reject(error);
    }
    result.then(
      () => this.finish(controller),
      (error: unknown) => {
        // Errors of a tick that was stopped or timed out are expected fallout of the abort.
        if (this.inFlight === controller) this.options.onError?.(error);
        this.finish(controller);
      },
    );
  }

  private finish(controller: AbortController): void {
    if (this.inFlight !== controller) return;
    this.inFlight = null;
    this.clearTickTimeout();
    if (this.running) this.schedule(this.nextGap());
  }

  private clearTickTimeout(): void {
    if (this.tickTimeout !== null) {
      this.clock.clearTimeout(this.tickTimeout);
      this.tickTimeout = null;
    }
  }
}
