import type { SerializedFlotillaError } from './errors';

export interface ErrorLogEntry {
  at: number;
  source: string;
  resourceKind: string | null;
  identifier: string | null;
  error: SerializedFlotillaError;
}

/** A bounded, redacted log of one cluster's errors, newest last. */
export class ErrorLog {
  private entries: ErrorLogEntry[] = [];

  constructor(private readonly capacity = 100) {}

  add(entry: ErrorLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  list(filter: { source?: string; since?: number } = {}): ErrorLogEntry[] {
    return this.entries.filter(
      (e) =>
        (filter.source === undefined || e.source === filter.source) &&
        (filter.since === undefined || e.at >= filter.since),
    );
  }

  get size(): number {
    return this.entries.length;
  }

  clear(): void {
    this.entries = [];
  }
}
