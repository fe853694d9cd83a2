import { systemClock } from './clock';
import type { Clock } from './clock';

/** What {@link TransportFailureTracker} hands to `onRebuild`. */
export interface TransportRebuildInfo {
  /** Clock time of the failure that tipped the threshold. */
  at: number;
  /** Failures counted in the window, including the last one. */
  failures: number;
  /** Kind given with the failure that tipped the threshold, if any. */
  kind: string | undefined;
}

export interface TransportFailureTrackerOptions {
  /** Rebuilds this cluster's transport. Must keep the cluster's auth wiring (BRIEF I4). */
  onRebuild: (info: TransportRebuildInfo) => void;
  /** Failures needed within the window. Default 3. */
  threshold?: number;
  /** Default 30 s. */
  windowMs?: number;
  /** Minimum time between two rebuilds. Default 60 s. */
  cooldownMs?: number;
  clock?: Clock;
}

export interface TransportFailureSnapshot {
  /** Failures still inside the window. */
  failures: number;
  lastRebuildAt: number | null;
  /** End of the cooldown after the last rebuild; `null` before the first rebuild. */
  cooldownUntil: number | null;
}

/** 3 failures within 30 s rebuild the transport of that cluster; then 60 s of cooldown for it. */
export const DEFAULT_TRANSPORT_FAILURE_POLICY = {
  threshold: 3,
  windowMs: 30_000,
  cooldownMs: 60_000,
} as const;

/**
 * Decides when one cluster's transport (connection pool, agent) is broken enough to rebuild
 * (BRIEF I4): `threshold` failures within `windowMs`, at most once per `cooldownMs`. One instance
 * per cluster, so a flapping cluster can never trigger or use up another cluster's rebuild.
 *
 * The tracker only decides; `onRebuild` does the work. It is called synchronously, after the
 * tracker's own state is updated, so a throwing `onRebuild` cannot leave a half-recorded rebuild.
 */
export class TransportFailureTracker {
  private readonly onRebuild: (info: TransportRebuildInfo) => void;
  private readonly threshold: number;
  private readonly windowMs: number;
  private readonly cooldownMs: number;
  private readonly clock: Clock;
  /** Timestamps of recent failures, oldest first; never longer than `threshold`. */
  private failureTimes: number[] = [];
  private lastRebuildAt: number | null = null;
  private rebuilds = 0;
  private disposed = false;
  private snapshot: TransportFailureSnapshot = { failures: 0, lastRebuildAt: null, cooldownUntil: null };

  constructor(options: TransportFailureTrackerOptions) {
    this.onRebuild = options.onRebuild;
    this.threshold = options.threshold ?? DEFAULT_TRANSPORT_FAILURE_POLICY.threshold;
    this.windowMs = options.windowMs ?? DEFAULT_TRANSPORT_FAILURE_POLICY.windowMs;
    this.cooldownMs = options.cooldownMs ?? DEFAULT_TRANSPORT_FAILURE_POLICY.cooldownMs;
    this.clock = options.clock ?? systemClock;
    if (!(Number.isInteger(this.threshold) && this.threshold >= 1)) {
      throw new RangeError('TransportFailureTracker: threshold must be an integer >= 1');
    }
    if (!(this.windowMs >= 0)) throw new RangeError('TransportFailureTracker: windowMs must be >= 0');
    if (!(this.cooldownMs >= 0)) throw new RangeError('TransportFailureTracker: cooldownMs must be >= 0');
  }

  /** Rebuilds triggered so far. */
  get rebuildCount(): number {
    return this.rebuilds;
  }

  /**
   * Records a transport-level failure (reset, TLS, timeout, DNS). Returns `true` when this failure
   * triggered a rebuild.
   */
  recordFailure(kind?: string): boolean {
    if (this.disposed) return false;
    const now = this.clock.now();
    this.prune(now);
    this.failureTimes.push(now);
    // Only the newest `threshold` failures can decide anything; keeps memory bounded in a storm.
    if (this.failureTimes.length > this.threshold) this.failureTimes.shift();

    if (this.failureTimes.length < this.threshold || this.inCooldown(now)) return false;

    const failures = this.failureTimes.length;
    // A rebuild opens a fresh window: failures from the old transport say nothing about the new one.
    this.failureTimes = [];
    this.lastRebuildAt = now;
    this.rebuilds++;
    this.onRebuild({ at: now, failures, kind });
    return true;
  }

  /** A request that went through proves the transport works, so the failure window starts over. */
  recordSuccess(): void {
    if (this.disposed) return;
    this.failureTimes = [];
  }

  /** Referentially stable while nothing observable changed. */
  getSnapshot(): TransportFailureSnapshot {
    this.prune(this.clock.now());
    const failures = this.failureTimes.length;
    const cooldownUntil = this.lastRebuildAt === null ? null : this.lastRebuildAt + this.cooldownMs;
    const prev = this.snapshot;
    if (
      prev.failures !== failures ||
      prev.lastRebuildAt !== this.lastRebuildAt ||
      prev.cooldownUntil !== cooldownUntil
    ) {
      this.snapshot = { failures, lastRebuildAt: this.lastRebuildAt, cooldownUntil };
    }
    return this.snapshot;
  }

  /** Stops counting; later calls are ignored and `onRebuild` is never called again. */
  dispose(): void {
    this.disposed = true;
    this.failureTimes = [];
  }

  private inCooldown(now: number): boolean {
    return this.lastRebuildAt !== null && now - this.lastRebuildAt < this.cooldownMs;
  }

  private prune(now: number): void {
    // "Within the window" is inclusive: failures at t and t + windowMs still count together.
    while (this.failureTimes.length > 0 && now - (this.failureTimes[0] as number) > this.windowMs) {
      this.failureTimes.shift();
    }
  }
}
