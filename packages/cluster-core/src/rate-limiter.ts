import { abortReason, createAbortError } from './abort-error';
import { systemClock } from './clock';
import type { Clock, TimerHandle } from './clock';

export interface TokenBucketRateLimiterOptions {
  /** Sustained rate, tokens per second. Default 5 (client-go `rest.Config`). */
  qps?: number;
  /** Bucket size, also the initial fill. Default 10. */
  burst?: number;
  clock?: Clock;
}

/** client-go's `rest.Config` defaults: 5 requests per second, bursts of 10, per cluster. */
export const DEFAULT_RATE_LIMIT = { qps: 5, burst: 10 } as const;

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (reason: unknown) => void;
  readonly cleanup: () => void;
}

// Float refills land a hair under a whole token (e.g. 0.9999999); treat that as a whole token so a
// woken waiter is not put back to sleep for 1 ms.
const EPSILON = 1e-9;

/**
 * Token bucket like client-go's `flowcontrol.NewTokenBucketRateLimiter`: starts full, refills at
 * `qps`, holds at most `burst`. One instance per cluster; instances share nothing, so a cluster
 * that is being hammered never slows another's requests.
 *
 * Waiters are served strictly first-in first-out, and `tryAccept` refuses while anyone is queued,
 * so a stream of non-blocking callers cannot starve the blocked ones.
 */
export class TokenBucketRateLimiter {
  readonly qps: number;
  readonly burst: number;
  private readonly clock: Clock;
  private tokens: number;
  private lastRefillAt: number;
  private readonly waiters: Waiter[] = [];
  private timer: TimerHandle | null = null;
  private stopped = false;

  constructor(options: TokenBucketRateLimiterOptions = {}) {
    this.qps = options.qps ?? DEFAULT_RATE_LIMIT.qps;
    this.burst = options.burst ?? DEFAULT_RATE_LIMIT.burst;
    this.clock = options.clock ?? systemClock;
    if (!(this.qps > 0) || !Number.isFinite(this.qps)) {
      throw new RangeError('TokenBucketRateLimiter: qps must be a positive finite number');
    }
    if (!(this.burst >= 1)) throw new RangeError('TokenBucketRateLimiter: burst must be >= 1');
    this.tokens = this.burst;
    this.lastRefillAt = this.clock.now();
  }

  /** Callers currently blocked in {@link acquire}. */
  get pending(): number {
    return this.waiters.length;
  }

  /** Tokens available right now (fractional while refilling). */
  availableTokens(): number {
    this.refill();
    return this.tokens;
  }

  /** Takes a token if one is free and nobody is queued ahead; never waits. */
  tryAccept(): boolean {
    if (this.stopped || this.waiters.length > 0) return false;
    this.refill();
    if (this.tokens + EPSILON < 1) return false;
    this.tokens = Math.max(0, this.tokens - 1);
    return true;
  }

  /**
   * Resolves once a token is taken for the caller. Rejects with the signal's reason (an
   * `AbortError` by default) if the signal aborts first, and with an `AbortError` if the limiter
   * is stopped; either way the caller leaves the queue and consumes no token.
   */
  acquire(signal?: AbortSignal): Promise<void> {
    if (this.stopped) return Promise.reject(createAbortError('Rate limiter stopped'));
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.tryAccept()) return Promise.resolve();

    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const index = this.waiters.indexOf(waiter);
        if (index !== -1) this.waiters.splice(index, 1);
        reject(signal ? abortReason(signal) : createAbortError());
        // The head may have changed or the queue emptied; recompute the wake-up.
        this.schedule();
      };
      const waiter: Waiter = {
        resolve,
        reject,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      this.schedule();
    });
  }

  /** Rejects every queued caller and refuses all later requests. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.clearTimer();
    const waiters = this.waiters.splice(0);
    for (const waiter of waiters) {
      waiter.cleanup();
      waiter.reject(createAbortError('Rate limiter stopped'));
    }
  }

  private refill(): void {
    const now = this.clock.now();
    // A wall clock stepping backwards must not drain the bucket; restart the refill from here.
    const elapsed = Math.max(0, now - this.lastRefillAt);
    this.lastRefillAt = now;
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.qps) / 1000);
  }

  private drain(): void {
    this.timer = null;
    this.refill();
    while (this.waiters.length > 0 && this.tokens + EPSILON >= 1) {
      const waiter = this.waiters.shift() as Waiter;
      this.tokens = Math.max(0, this.tokens - 1);
      waiter.cleanup();
      waiter.resolve();
    }
    this.schedule();
  }

  private schedule(): void {
    this.clearTimer();
    if (this.stopped || this.waiters.length === 0) return;
    this.refill();
    const missing = Math.max(0, 1 - this.tokens);
    const delay = Math.ceil((missing * 1000) / this.qps);
    this.timer = this.clock.setTimeout(() => this.drain(), delay);
  }

  private clearTimer(): void {
    if (this.timer !== null) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
    }
  }
}
