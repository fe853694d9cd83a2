import type { Clock, RandomSource } from './clock';
import { FlotillaError } from './errors';
import { JitteredInterval, type TickLateness } from './jittered-interval';

export interface HeartbeatOptions {
  /** Mean time between probes (default 5 s). */
  intervalMs?: number;
  /** Deadline of one probe (default 5 s). */
  timeoutMs?: number;
  /** Spread of the interval, ±share (default 0.1). */
  jitter?: number;
  /**
   * Due times are rounded to this grid (default 100 ms, at most a quarter of the jitter span), so
   * the ticks of many clusters that fall due together share one event-loop wake-up; 0 turns it
   * off. See `JitteredInterval`'s `alignMs`.
   */
  alignMs?: number;
  /** Consecutive successes needed to flip degraded → healthy (default 1). */
  healthyThreshold?: number;
  /** Consecutive failures needed to flip healthy → degraded (default 1). */
  degradedThreshold?: number;
}

export type HeartbeatResult =
  | { ok: true; latencyMs: number; endpoint: string }
  | { ok: false; latencyMs: number; endpoint: string; error: FlotillaError };

export interface HeartbeatDeps {
  /** One GET of `path` with its own deadline; resolves on 2xx, throws FlotillaError otherwise. */
  probe: (path: string, timeoutMs: number, signal: AbortSignal) => Promise<void>;
  /** Ticks are skipped while this is true (auth invalid: probing would only repeat the 401). */
  shouldSkip: () => boolean;
  onResult: (result: HeartbeatResult, health: 'healthy' | 'degraded' | null) => void;
  onLateness?: (sample: TickLateness) => void;
  clock: Clock;
  random: RandomSource;
}

const ENDPOINTS = ['/readyz', '/livez', '/healthz'] as const;

/** `/readyz` every 5 s ± 10 % with a 5 s deadline, due times aligned to a 100 ms grid. */
export const DEFAULT_HEARTBEAT = {
  intervalMs: 5000,
  timeoutMs: 5000,
  jitter: 0.1,
  alignMs: 100,
  healthyThreshold: 1,
  degradedThreshold: 1,
} as const;

/**
 * One cluster's health probe (BRIEF I6): its own timer with jitter and its own deadline, so a hung
 * cluster only ever delays its own ticks. Falls back from /readyz to /livez to /healthz on 404 and
 * remembers what worked. Health flips only after the configured number of consecutive results.
 */
export class Heartbeat {
  private readonly interval: JitteredInterval;
  private readonly options: Required<HeartbeatOptions>;
  private endpointIndex = 0;
  private successes = 0;
  private failures = 0;
  private health: 'healthy' | 'degraded' | null = null;

  constructor(
    private readonly deps: HeartbeatDeps,
    options: HeartbeatOptions = {},
  ) {
    this.options = { ...DEFAULT_HEARTBEAT, ...options };
    this.interval = new JitteredInterval({
      intervalMs: this.options.intervalMs,
      jitter: this.options.jitter,
      alignMs: this.options.alignMs,
      clock: deps.clock,
      random: deps.random,
      tick: (signal) => this.tick(signal),
      ...(deps.onLateness ? { onLateness: deps.onLateness } : {}),
    });
  }

  start(): void {
    this.interval.start();
  }

  stop(): void {
    this.interval.stop();
  }

  get running(): boolean {
    return this.interval.isRunning;
  }

  /** Forgets the hysteresis counters, e.g. after credentials changed. */
  reset(): void {
    this.successes = 0;
    this.failures = 0;
    this.health = null;
  }

  private async tick(signal: AbortSignal): Promise<void> {
    if (this.deps.shouldSkip()) return;
    const started = this.deps.clock.now();
    for (;;) {
      const endpoint = ENDPOINTS[this.endpointIndex] as string;
      try {
        await this.deps.probe(endpoint, this.options.timeoutMs, signal);
        this.record({ ok: true, latencyMs: this.deps.clock.now() - started, endpoint });
        return;
      } catch (error) {
        const failure = error instanceof FlotillaError ? error : undefined;
        if (failure?.kind === 'not-found' && this.endpointIndex < ENDPOINTS.length - 1) {
          this.endpointIndex++;
          continue;
        }
        if (failure?.kind === 'cancelled' || signal.aborted) return;
        if (!failure) throw error;
        this.record({ ok: false, latencyMs: this.deps.clock.now() - started, endpoint, error: failure });
        return;
      }
    }
  }

  private record(result: HeartbeatResult): void {
    if (result.ok) {
      this.successes++;
      this.failures = 0;
      if (this.health !== 'healthy' && this.successes >= this.options.healthyThreshold)
        this.health = 'healthy';
    } else {
      this.failures++;
      this.successes = 0;
      if (this.health !== 'degraded' && this.failures >= this.options.degradedThreshold)
        this.health = 'degraded';
    }
    this.deps.onResult(result, this.health);
  }
}
