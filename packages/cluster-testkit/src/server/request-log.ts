import { EventEmitter } from 'node:events';

/** One answered (or abandoned) request. Never holds a credential, only who it authenticated as. */
export interface RequestLogEntry {
  at: number;
  method: string;
  /** Path with query string. */
  path: string;
  /** The authenticated user, or null when unauthenticated or rejected. */
  user: string | null;
  /** A short hash of the presented bearer token, to prove which credential arrived without logging it. */
  credential: string | null;
  status: number;
  durationMs: number;
  watch: boolean;
  /** Faults that shaped this answer, e.g. `latency`, `errorRate`, `hang`. */
  faults: string[];
}

export interface RequestLogEvents {
  request: [RequestLogEntry];
}

/** A bounded log of requests; subscribe to 'request' to wait for one without sleeping. */
export class RequestLog extends EventEmitter<RequestLogEvents> {
  private entries: RequestLogEntry[] = [];

  constructor(private readonly capacity = 10_000) {
    super();
    this.setMaxListeners(0);
  }

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    this.emit('request', entry);
  }

  all(): RequestLogEntry[] {
    return [...this.entries];
  }

  filter(predicate: (entry: RequestLogEntry) => boolean): RequestLogEntry[] {
    return this.entries.filter(predicate);
  }

  clear(): void {
    this.entries = [];
  }

  /** Resolves with the first entry (already logged or future) that matches. */
  waitFor(predicate: (entry: RequestLogEntry) => boolean, timeoutMs = 10_000): Promise<RequestLogEntry> {
    const existing = this.entries.find(predicate);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('request', onRequest);
        reject(new Error(`no matching request within ${timeoutMs} ms`));
      }, timeoutMs);
      const onRequest = (entry: RequestLogEntry) => {
        if (!predicate(entry)) return;
        clearTimeout(timer);
        this.off('request', onRequest);
        resolve(entry);
      };
      this.on('request', onRequest);
    });
  }
}
