import { Backoff } from './backoff';
import type { Clock, RandomSource } from './clock';
import type { FlotillaError } from './errors';

export interface RetryOptions {
  /**
   * Retries when the server says how long to wait (429 or 5xx with Retry-After). Default 10, like
   * client-go.
   */
  maxRetries?: number;
  /**
   * Retries after a 429/5xx without Retry-After or a connection failure (refused, reset). Default 3:
   * nobody told us waiting helps, so give up quickly and let the caller and the transport failure
   * tracker react.
   */
  maxRetriesWithoutRetryAfter?: number;
  /** First backoff delay when the server gave no Retry-After. Default 250 ms. */
  initialDelayMs?: number;
  /** Cap on the un-jittered backoff delay. Default 2 s. */
  maxDelayMs?: number;
  /** Backoff jitter, up to `jitter × delay` on top. Default 1. */
  jitter?: number;
  /**
   * Bound on the total wait between the attempts of one request; a retry that would exceed it is
   * not made and the last error surfaces. Default 60 s.
   */
  maxTotalDelayMs?: number;
}

/** client-go's retry limits: up to 10 retries when the server sends Retry-After, 3 without. */
export const DEFAULT_RETRY = {
  maxRetries: 10,
  maxRetriesWithoutRetryAfter: 3,
  initialDelayMs: 250,
  maxDelayMs: 2_000,
  jitter: 1,
  maxTotalDelayMs: 60_000,
} as const satisfies Required<RetryOptions>;

/** The retry decision for one failed attempt. */
export interface RetryPlan {
  delayMs: number;
  /** The cap that applies to this kind of failure, for `onRetrying`. */
  maxRetries: number;
}

/**
 * The retry state of one request: which failures are retried and how long to wait. One instance
 * per request call, so no retry budget is ever shared, not even between two requests of the same
 * cluster.
 */
export class RequestRetries {
  private readonly options: Required<RetryOptions>;
  private readonly backoff: Backoff;
  private retries = 0;
  private waitedMs = 0;

  constructor(options: RetryOptions | false, clock: Clock, random: RandomSource) {
    this.options =
      options === false
        ? { ...DEFAULT_RETRY, maxRetries: 0, maxRetriesWithoutRetryAfter: 0 }
        : { ...DEFAULT_RETRY, ...options };
    this.backoff = new Backoff({
      initialMs: this.options.initialDelayMs,
      maxMs: this.options.maxDelayMs,
      jitter: this.options.jitter,
      factor: 2,
      resetAfterMs: Number.POSITIVE_INFINITY,
      clock,
      random,
    });
  }

  /** Retries made so far. */
  get count(): number {
    return this.retries;
  }

  /**
   * Returns how long to wait before the next attempt, or null when the error should surface.
   * Only requests safe to repeat are retried (GET/HEAD, or marked idempotent by the caller).
   */
  next(error: FlotillaError, idempotent: boolean): RetryPlan | null {
    if (!idempotent) return null;
    let plan: RetryPlan;
    if (error.kind === 'throttled' || error.kind === 'server') {
      const retryAfter = error.retryAfterSeconds;
      plan =
        retryAfter !== undefined
          ? {
              delayMs: retryAfter > 0 ? retryAfter * 1000 : this.backoff.next(),
              maxRetries: this.options.maxRetries,
            }
          : { delayMs: this.backoff.next(), maxRetries: this.options.maxRetriesWithoutRetryAfter };
    } else if (error.kind === 'transport') {
      // Timeouts are not retried: a hung server would hold the caller for several deadlines.
      plan = { delayMs: this.backoff.next(), maxRetries: this.options.maxRetriesWithoutRetryAfter };
    } else {
      return null;
    }
    if (this.retries >= plan.maxRetries) return null;
    if (this.waitedMs + plan.delayMs > this.options.maxTotalDelayMs) return null;
    this.retries++;
    this.waitedMs += plan.delayMs;
    return plan;
  }
}
