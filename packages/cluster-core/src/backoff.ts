import { defaultRandom, systemClock } from './clock';
import type { Clock, RandomSource } from './clock';

export interface BackoffOptions {
  /** First delay. Default 800 ms (client-go reflector). */
  initialMs?: number;
  /** Cap on the un-jittered delay. Default 30 s. */
  maxMs?: number;
  /** Growth per failure. Default 2. */
  factor?: number;
  /** Adds up to `jitter × delay` on top of the delay; 1.0 means up to +100%. Default 1.0. */
  jitter?: number;
  /** A failure this long after the previous one starts the sequence over. Default 2 min. */
  resetAfterMs?: number;
  clock?: Clock;
  random?: RandomSource;
}

/** client-go's reflector backoff: 0.8 s doubling to 30 s, jitter 1.0, reset after 2 min without failure. */
export const DEFAULT_BACKOFF = {
  initialMs: 800,
  maxMs: 30_000,
  factor: 2,
  jitter: 1,
  resetAfterMs: 120_000,
} as const;

/**
 * Exponential backoff with jitter, after client-go's `ExponentialBackoffManager` as used by the
 * reflector. Like client-go, jitter is applied after the cap, so a single wait can reach
 * `maxMs × (1 + jitter)`: capping after jitter would make every capped caller wait exactly `maxMs`
 * and retry in lockstep, which is what jitter is there to prevent.
 */
export class Backoff {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly jitter: number;
  private readonly resetAfterMs: number;
  private readonly clock: Clock;
  private readonly random: RandomSource;
  private failures = 0;
  private lastFailureAt: number | null = null;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? DEFAULT_BACKOFF.initialMs;
    this.maxMs = options.maxMs ?? DEFAULT_BACKOFF.maxMs;
    this.factor = options.factor ?? DEFAULT_BACKOFF.factor;
    this.jitter = options.jitter ?? DEFAULT_BACKOFF.jitter;
    this.resetAfterMs = options.resetAfterMs ?? DEFAULT_BACKOFF.resetAfterMs;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? defaultRandom;
    if (!(this.initialMs >= 0)) throw new RangeError('Backoff: initialMs must be >= 0');
    if (!(this.maxMs >= this.initialMs)) throw new RangeError('Backoff: maxMs must be >= initialMs');
    if (!(this.factor >= 1)) throw new RangeError('Backoff: factor must be >= 1');
    if (!(this.jitter >= 0)) throw new RangeError('Backoff: jitter must be >= 0');
    if (!(this.resetAfterMs >= 0)) throw new RangeError('Backoff: resetAfterMs must be >= 0');
  }

  /** Number of delays handed out since the last reset. */
  get attempt(): number {
    return this.failures;
  }

  /** Records a failure now and returns how long to wait before trying again, in ms. */
  next(): number {
    const now = this.clock.now();
    if (this.lastFailureAt !== null && now - this.lastFailureAt >= this.resetAfterMs) {
      this.failures = 0;
    }
    this.lastFailureAt = now;
    // Math.min absorbs the Infinity that factor ** failures reaches after enough failures.
    const base = Math.min(this.initialMs * this.factor ** this.failures, this.maxMs);
    this.failures++;
    return Math.round(base + base * this.jitter * this.random());
  }

  reset(): void {
    this.failures = 0;
    this.lastFailureAt = null;
  }
}
