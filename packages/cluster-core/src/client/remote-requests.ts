import type { Clock, TimerHandle } from '../clock';
import type { FlotillaError } from '../errors';
import type { BridgeMethod } from './bridge-protocol';
import { bridgeError, type ErrorSubject } from './remote-errors';

interface Pending {
  method: BridgeMethod;
  subject: ErrorSubject;
  resolve: (value: unknown) => void;
  reject: (error: FlotillaError) => void;
  timer: TimerHandle | null;
}

/** Writes whose outcome is unknown when the link drops: repeating them blindly is not safe. */
const NOT_IDEMPOTENT: ReadonlySet<BridgeMethod> = new Set(['actions.drain', 'actions.restart']);

/** Requests sent and not yet answered, each settled exactly once: answer, timeout or lost link. */
export class PendingRequests {
  private readonly pending = new Map<string, Pending>();
  private sequence = 0;

  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs: number,
  ) {}

  /** Registers a request; returns its id and the promise its answer settles. */
  add(method: BridgeMethod, subject: ErrorSubject): { id: string; answer: Promise<unknown> } {
    const id = `r${++this.sequence}`;
    const answer = new Promise<unknown>((resolve, reject) => {
      const entry: Pending = { method, subject, resolve, reject, timer: null };
      if (this.timeoutMs > 0 && Number.isFinite(this.timeoutMs)) {
        entry.timer = this.clock.setTimeout(
          () =>
            this.settle(id, (p) =>
              p.reject(
                bridgeError(
                  'timeout',
                  `${method}: no answer from the fleet server within ${this.timeoutMs} ms`,
                  subject,
                  !NOT_IDEMPOTENT.has(method),
                ),
              ),
            ),
          this.timeoutMs,
        );
      }
      this.pending.set(id, entry);
    });
    return { id, answer };
  }

  resolve(id: string, value: unknown): void {
    this.settle(id, (p) => p.resolve(value));
  }

  reject(id: string, error: FlotillaError): void {
    this.settle(id, (p) => p.reject(error));
  }

  /** Rejects every pending request, e.g. because the link dropped or the client closed. */
  failAll(kind: 'transport' | 'cancelled', message: string): void {
    for (const [id, entry] of [...this.pending]) {
      this.settle(id, (p) =>
        p.reject(
          bridgeError(
            kind,
            `${entry.method}: ${message}`,
            entry.subject,
            kind === 'transport' && !NOT_IDEMPOTENT.has(entry.method),
          ),
        ),
      );
    }
  }

  get size(): number {
    return this.pending.size;
  }

  private settle(id: string, action: (pending: Pending) => void): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    if (entry.timer !== null) this.clock.clearTimeout(entry.timer);
    action(entry);
  }
}
