import { createAbortError } from './abort-error';
import { systemClock } from './clock';
import type { Clock, TimerHandle } from './clock';
import { Subscribable } from './subscribable';

/**
 * `auth`: the cluster answered and refused the credentials (401, 403 on the probe, exec plugin
 * failure). `connectivity`: the cluster could not be asked (refused, reset, TLS, timeout).
 */
export type AuthFailureClass = 'auth' | 'connectivity';

export type ProbeOutcome = { ok: true } | { ok: false; class: AuthFailureClass; reason: string };

/**
 * - `idle`: not started, or stopped.
 * - `recovering`: a probe is in flight while auth attempts remain.
 * - `waiting`: the next probe is scheduled (`nextRetryAt`) while auth attempts remain.
 * - `recovered`: the last probe succeeded; the loop has ended.
 * - `exhausted`: every auth attempt failed; a steady re-probe keeps running so an external login
 *   is noticed. `nextRetryAt` is `null` while that probe is in flight.
 */
export type AuthRecoveryState = 'idle' | 'recovering' | 'waiting' | 'recovered' | 'exhausted';

export interface AuthRecoverySnapshot {
  state: AuthRecoveryState;
  /** 1-based auth attempt in flight or up next; `maxAttempts` once exhausted; 0 when idle. */
  attempt: number;
  maxAttempts: number;
  nextRetryAt: number | null;
  /** Reason of the last failure, or of the `start`/`retry` call that began the loop. */
  lastReason: string | null;
  lastClass: AuthFailureClass | null;
}

/** Sent after every failed probe. */
export interface AuthRecoveryProgress {
  reason: string;
  class: AuthFailureClass;
  /** The auth attempt that failed; for connectivity failures, the attempt that will be re-made. */
  attempt: number;
  maxAttempts: number;
  nextRetryAt: number;
}

/** Sent once, when the last auth attempt fails and the scheduler falls back to steady re-probes. */
export interface AuthRecoveryFailure {
  reason: string;
  attempts: number;
  nextRetryAt: number;
}

export interface AuthRecoverySchedulerOptions {
  /** Checks whether the cluster accepts its (freshly loaded) credentials. Must honour `signal`. */
  probe: (signal: AbortSignal) => Promise<ProbeOutcome>;
  clock?: Clock;
  /** Delay before each auth attempt; its length is the number of attempts. Default 0, 5, 10, 15 s. */
  authRetryDelaysMs?: readonly number[];
  /** Re-probe interval once auth attempts are exhausted. Default 60 s. */
  steadyReprobeMs?: number;
  /** Re-probe interval after a connectivity failure. Default 15 s. */
  connectivityReprobeMs?: number;
  /**
   * A probe still pending after this long is aborted and counted as a connectivity failure, so a
   * hung cluster cannot park its recovery loop forever. Default 10 s; 0 disables.
   */
  probeTimeoutMs?: number;
  onProgress?: (progress: AuthRecoveryProgress) => void;
  onRecovered?: () => void;
  onFailed?: (failure: AuthRecoveryFailure) => void;
}

/** Auth attempts at 0, 5, 10 and 15 s, then a probe every 60 s; connectivity failures: every 15 s. */
export const DEFAULT_AUTH_RECOVERY = {
  authRetryDelaysMs: [0, 5_000, 10_000, 15_000] as readonly number[],
  steadyReprobeMs: 60_000,
  connectivityReprobeMs: 15_000,
  probeTimeoutMs: 10_000,
} as const;

type Listener = (snapshot: AuthRecoverySnapshot) => void;

/**
 * One cluster's auth recovery loop (BRIEF I5). At most one loop runs per instance; `start` while
 * one runs only records the reason. Auth-class failures consume the attempts; connectivity
 * failures never do, because an unreachable cluster says nothing about the credentials.
 *
 * Re-entrancy: callbacks and listeners may call `start`, `retry` or `stop`; every transition
 * updates internal state (and schedules its timer) before anyone is told, and stops telling as
 * soon as a callback has moved the scheduler on.
 */
export class AuthRecoveryScheduler extends Subscribable<Listener> {
  readonly maxAttempts: number;
  private readonly probe: (signal: AbortSignal) => Promise<ProbeOutcome>;
  private readonly clock: Clock;
  private readonly delaysMs: readonly number[];
  private readonly steadyReprobeMs: number;
  private readonly connectivityReprobeMs: number;
  private readonly probeTimeoutMs: number;
  private readonly callbacks: Pick<AuthRecoverySchedulerOptions, 'onProgress' | 'onRecovered' | 'onFailed'>;

  /** Bumped whenever the loop is replaced or ended; stale work compares against it. */
  private generation = 0;
  private authFailures = 0;
  private timer: TimerHandle | null = null;
  private probeTimeout: TimerHandle | null = null;
  private inFlight: AbortController | null = null;
  private disposed = false;
  private snapshot: AuthRecoverySnapshot;

  constructor(options: AuthRecoverySchedulerOptions) {
    super();
    this.probe = options.probe;
    this.clock = options.clock ?? systemClock;
    this.delaysMs = [...(options.authRetryDelaysMs ?? DEFAULT_AUTH_RECOVERY.authRetryDelaysMs)];
    this.steadyReprobeMs = options.steadyReprobeMs ?? DEFAULT_AUTH_RECOVERY.steadyReprobeMs;
    this.connectivityReprobeMs = options.connectivityReprobeMs ?? DEFAULT_AUTH_RECOVERY.connectivityReprobeMs;
    this.probeTimeoutMs = options.probeTimeoutMs ?? DEFAULT_AUTH_RECOVERY.probeTimeoutMs;
    this.callbacks = {
      onProgress: options.onProgress,
      onRecovered: options.onRecovered,
      onFailed: options.onFailed,
    };
    if (this.delaysMs.length === 0 || this.delaysMs.some((ms) => !(ms >= 0))) {
      throw new RangeError(
        'AuthRecoveryScheduler: authRetryDelaysMs must be a non-empty list of delays >= 0',
      );
    }
    if (!(this.steadyReprobeMs > 0) || !(this.connectivityReprobeMs > 0)) {
      throw new RangeError('AuthRecoveryScheduler: re-probe intervals must be > 0');
    }
    this.maxAttempts = this.delaysMs.length;
    this.snapshot = this.idleSnapshot();
  }

  /** Arrow property so it can be handed to `useSyncExternalStore` unbound. */
  getSnapshot = (): AuthRecoverySnapshot => this.snapshot;

  /** True while a loop is running (probing, waiting or steadily re-probing). */
  isActive(): boolean {
    const { state } = this.snapshot;
    return state === 'recovering' || state === 'waiting' || state === 'exhausted';
  }

  /**
   * Begins recovery. Returns `false` without starting a second loop when one is already running
   * (the reason is still recorded) or after `dispose`.
   */
  start(reason: string): boolean {
    if (this.disposed) return false;
    if (this.isActive()) {
      this.update({ lastReason: reason });
      return false;
    }
    this.beginLoop(reason);
    return true;
  }

  /**
   * Restarts this scheduler's loop from attempt 1, now: the pending timer is cancelled and an
   * in-flight probe aborted (its result is ignored). Starts a loop when none is running.
   */
  retry(reason?: string): void {
    if (this.disposed) return;
    this.beginLoop(reason ?? this.snapshot.lastReason ?? 'retry requested');
  }

  /** Ends the loop; nothing fires for it afterwards. Listeners are told about the `idle` state. */
  stop(): void {
    if (this.disposed) return;
    this.cancel();
    this.authFailures = 0;
    this.update(this.idleSnapshot());
  }

  /** Stops for good, silently: listeners are dropped and later calls are ignored. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.listeners.clear();
    this.cancel();
    // Silently, so a late render reading getSnapshot() does not show a retry that will never come.
    this.snapshot = this.idleSnapshot();
  }

  private beginLoop(reason: string): void {
    this.cancel();
    this.authFailures = 0;
    this.scheduleAttempt(this.delaysMs[0] ?? 0, { lastReason: reason, lastClass: null });
  }

  /** `patch` rides along with the state change so listeners see one consistent snapshot. */
  private scheduleAttempt(delayMs: number, patch: Partial<AuthRecoverySnapshot>): void {
    if (delayMs <= 0) {
      this.runProbe(patch);
      return;
    }
    const generation = this.generation;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      if (generation === this.generation) this.runProbe();
    }, delayMs);
    this.update({
      ...patch,
      state: this.exhausted() ? 'exhausted' : 'waiting',
      attempt: this.currentAttempt(),
      nextRetryAt: this.clock.now() + delayMs,
    });
  }

  private runProbe(patch: Partial<AuthRecoverySnapshot> = {}): void {
    const controller = new AbortController();
    this.inFlight = controller;
    if (this.probeTimeoutMs > 0) {
      this.probeTimeout = this.clock.setTimeout(() => {
        this.probeTimeout = null;
        if (this.inFlight !== controller) return;
        controller.abort(createAbortError('Auth probe timed out'));
        this.settle(controller, {
          ok: false,
          class: 'connectivity',
          reason: `probe timed out after ${this.probeTimeoutMs} ms`,
        });
      }, this.probeTimeoutMs);
    }
    this.update({
      ...patch,
      state: this.exhausted() ? 'exhausted' : 'recovering',
      attempt: this.currentAttempt(),
      nextRetryAt: null,
    });
    if (this.inFlight !== controller) return; // a listener moved the scheduler on

    let result: Promise<ProbeOutcome>;
    try {
      result = Promise.resolve(this.probe(controller.signal));
    } catch (error) {
      result = Promise.reject(error);
    }
    result.then(
      (outcome) => this.settle(controller, outcome),
      // A probe that throws has not shown the credentials to be bad; classifying it as
      // connectivity keeps a buggy probe from burning the auth attempts.
      (error: unknown) =>
        this.settle(controller, { ok: false, class: 'connectivity', reason: describeError(error) }),
    );
  }

  private settle(controller: AbortController, outcome: ProbeOutcome): void {
    if (this.inFlight !== controller) return; // superseded by retry/stop/timeout
    this.inFlight = null;
    this.clearProbeTimeout();
    const generation = this.generation;

    if (outcome.ok) {
      this.update({ state: 'recovered', nextRetryAt: null });
      if (generation === this.generation) this.callbacks.onRecovered?.();
      return;
    }

    let attempt = this.currentAttempt();
    let justExhausted = false;
    let delayMs: number;
    if (outcome.class === 'auth') {
      if (!this.exhausted()) {
        this.authFailures++;
        justExhausted = this.exhausted();
      }
      attempt = Math.min(this.authFailures, this.maxAttempts);
      delayMs = this.exhausted() ? this.steadyReprobeMs : (this.delaysMs[this.authFailures] ?? 0);
    } else {
      delayMs = this.connectivityReprobeMs;
    }

    this.scheduleAttempt(delayMs, { lastReason: outcome.reason, lastClass: outcome.class });
    if (generation !== this.generation) return;

    const nextRetryAt = this.snapshot.nextRetryAt ?? this.clock.now();
    this.callbacks.onProgress?.({
      reason: outcome.reason,
      class: outcome.class,
      attempt,
      maxAttempts: this.maxAttempts,
      nextRetryAt,
    });
    if (justExhausted && generation === this.generation) {
      this.callbacks.onFailed?.({ reason: outcome.reason, attempts: this.maxAttempts, nextRetryAt });
    }
  }

  private cancel(): void {
    this.generation++;
    if (this.timer !== null) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
    }
    this.clearProbeTimeout();
    const inFlight = this.inFlight;
    this.inFlight = null;
    inFlight?.abort(createAbortError('Auth recovery cancelled'));
  }

  private clearProbeTimeout(): void {
    if (this.probeTimeout !== null) {
      this.clock.clearTimeout(this.probeTimeout);
      this.probeTimeout = null;
    }
  }

  private exhausted(): boolean {
    return this.authFailures >= this.maxAttempts;
  }

  private currentAttempt(): number {
    return Math.min(this.authFailures + 1, this.maxAttempts);
  }

  private idleSnapshot(): AuthRecoverySnapshot {
    return {
      state: 'idle',
      attempt: 0,
      maxAttempts: this.maxAttempts,
      nextRetryAt: null,
      lastReason: null,
      lastClass: null,
    };
  }

  private update(patch: Partial<AuthRecoverySnapshot>): void {
    const prev = this.snapshot;
    const next = { ...prev, ...patch };
    if (
      next.state === prev.state &&
      next.attempt === prev.attempt &&
      next.nextRetryAt === prev.nextRetryAt &&
      next.lastReason === prev.lastReason &&
      next.lastClass === prev.lastClass
    ) {
      return;
    }
    this.snapshot = next;
    // Copy so a listener that unsubscribes (or subscribes) mid-notify does not skip anyone.
    for (const listener of [...this.listeners]) listener(next);
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
