import type { AccessRule } from '../auth/authorizer';
import type { UserDirectory } from '../auth/users';
import { activeFaults, type FaultState } from './fault-state';

/** What the injector may do to its own cluster; it reaches nothing else. */
export interface FaultHost {
  readonly state: FaultState;
  readonly users: UserDirectory;
  cutWatches(): number;
  compactHistory(): void;
  closeListener(): Promise<void>;
  reopenListener(): Promise<void>;
  /** Lets requests and watches held by a hang go on. */
  releaseHeld(): void;
  now(): number;
}

function probability(p: number, name: string): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${name}: probability must be between 0 and 1, got ${p}`);
  return p;
}

function positive(value: number, name: string): number {
  if (!(value > 0) || !Number.isFinite(value))
    throw new RangeError(`${name}: must be a positive number, got ${value}`);
  return value;
}

/**
 * Run-time faults for one simulated cluster. Every fault is reversible, by its own undo or by heal().
 */
export class FaultInjector {
  constructor(private readonly host: FaultHost) {}

  /** Invalidates the user's token: every request with it gets 401 until restoreToken/heal. */
  revokeToken(user: string): void {
    this.host.users.revoke(user);
  }

  restoreToken(user: string): void {
    this.host.users.restore(user);
  }

  /** Issues a new token for the user and returns it; the old one stops working at once. */
  rotateToken(user: string): string {
    return this.host.users.rotate(user);
  }

  /** Denies what the rule describes to the user (403 with the apiserver's message) until heal(). */
  forbid(user: string, rule: AccessRule): void {
    this.host.users.forbid(user, rule);
  }

  /** Accepts TCP and TLS but answers nothing; open watches freeze too. */
  hang(): void {
    this.host.state.hung = true;
  }

  /** Closes the listener: new connections are refused, open ones dropped. */
  async refuse(): Promise<void> {
    if (this.host.state.refused) return;
    this.host.state.refused = true;
    await this.host.closeListener();
  }

  latency(ms: number, jitterMs = 0): void {
    if (ms < 0 || jitterMs < 0) throw new RangeError('latency: ms and jitter must be >= 0');
    this.host.state.latency = { ms, jitterMs };
  }

  /** Answers a share of API requests (not health checks) with 500 or 503. */
  errorRate(p: number, status: 500 | 503 = 500): void {
    this.host.state.errorRate = { probability: probability(p, 'errorRate'), status };
  }

  /** Answers API requests with 429 and Retry-After, as API Priority and Fairness does under load. */
  throttle(retryAfterSeconds = 1): void {
    this.host.state.throttle = { retryAfterSeconds: positive(retryAfterSeconds, 'throttle') };
  }

  /** Ends every open watch now; clients must re-watch. Returns how many were cut. */
  cutWatches(): number {
    return this.host.cutWatches();
  }

  /** Compacts history: resuming any earlier resourceVersion or continue token now yields 410 Expired. */
  expireResourceVersions(): void {
    this.host.compactHistory();
  }

  /** Corrupts a share of JSON bodies and watch lines. */
  malformedBody(p = 1): void {
    this.host.state.malformedBody = { probability: probability(p, 'malformedBody') };
  }

  /** Sends response bodies slowly. */
  trickle(bytesPerSecond: number): void {
    this.host.state.trickle = { bytesPerSecond: positive(bytesPerSecond, 'trickle') };
  }

  /** /readyz alternates between passing and failing every `periodMs`, starting with passing. */
  flapReadyz(periodMs: number): void {
    this.host.state.flapReadyz = { periodMs: positive(periodMs, 'flapReadyz'), since: this.host.now() };
  }

  /** Clears every fault: listener back, held requests released, tokens restored, deny rules dropped. */
  async heal(): Promise<void> {
    const state = this.host.state;
    const wasHung = state.hung;
    const wasRefused = state.refused;
    state.hung = false;
    state.refused = false;
    delete state.latency;
    delete state.errorRate;
    delete state.throttle;
    delete state.malformedBody;
    delete state.trickle;
    delete state.flapReadyz;
    this.host.users.heal();
    if (wasHung) this.host.releaseHeld();
    if (wasRefused) await this.host.reopenListener();
  }

  /** Names of the faults in effect, credential faults (`revoked:<user>`, `forbidden:<user>`) last. */
  active(): string[] {
    return [...activeFaults(this.host.state), ...this.host.users.faults()];
  }
}
