import { Buffer } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import type { Clock, TimerHandle } from '../clock';
import type { FlotillaError } from '../errors';
import type { TransportStream } from '../transport-types';

/** Why the reader stopped the response itself. */
export type LineStop = 'idle-timeout' | 'line-too-long' | 'closed';

export interface LineStreamOptions {
  status: number;
  headers: Record<string, string>;
  response: IncomingMessage;
  clock: Clock;
  /** No byte for this long ends the stream (stall watchdog); undefined or 0 turns it off. */
  idleTimeoutMs: number | undefined;
  maxLineBytes: number;
  /** Aborts the underlying request, remembering why (the first reason wins). */
  stop: (why: LineStop) => void;
  /** How the body ended: the error to end the iteration with, or null for a clean end. */
  outcome: (error: unknown, complete: boolean) => FlotillaError | null;
  /** Frees the request's resources (deadline, listeners, in-flight entry). Called once. */
  release: () => void;
}

/**
 * A streaming response read line by line, with a stall watchdog and a line-size cap. The watchdog
 * only runs while the reader waits for the network, so a slow consumer is never mistaken for a
 * stalled server.
 */
export class LineStream implements TransportStream {
  readonly status: number;
  readonly headers: Record<string, string>;
  private iterated = false;
  private released = false;
  private idle: TimerHandle | null = null;

  constructor(private readonly options: LineStreamOptions) {
    this.status = options.status;
    this.headers = options.headers;
  }

  lines(): AsyncIterable<string> {
    if (this.iterated) throw new Error('TransportStream.lines() can be iterated only once');
    this.iterated = true;
    return this.read();
  }

  close(): void {
    this.options.stop('closed');
    this.release();
  }

  private async *read(): AsyncGenerator<string> {
    const splitter = new LineSplitter(this.options.maxLineBytes);
    let failure: FlotillaError | null = null;
    let complete = false;
    try {
      this.arm();
      for await (const chunk of this.options.response as AsyncIterable<Buffer>) {
        this.disarm();
        const lines = splitter.push(chunk);
        if (!lines) {
          this.options.stop('line-too-long');
          break;
        }
        for (const line of lines) yield line;
        this.arm();
      }
      complete = this.options.response.complete;
      failure = this.options.outcome(null, complete);
    } catch (error) {
      failure = this.options.outcome(error, false);
    } finally {
      // Also reached when the consumer stops iterating early: that closes the stream.
      this.disarm();
      if (!complete) this.options.stop('closed');
      this.release();
    }
    if (failure) throw failure;
    // A followed log's last line may lack its newline.
    const rest = complete ? splitter.rest() : '';
    if (rest !== '') yield rest;
  }

  private arm(): void {
    const ms = this.options.idleTimeoutMs;
    if (!ms || ms <= 0) return;
    this.disarm();
    this.idle = this.options.clock.setTimeout(() => this.options.stop('idle-timeout'), ms);
  }

  private disarm(): void {
    if (this.idle === null) return;
    this.options.clock.clearTimeout(this.idle);
    this.idle = null;
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    this.disarm();
    this.options.release();
  }
}

/** Splits bytes on `\n`; decoding whole lines keeps multi-byte characters intact across chunks. */
class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;

  constructor(private readonly maxLineBytes: number) {}

  /** The lines this chunk completes, or null when a line grew beyond the limit. */
  push(chunk: Buffer): string[] | null {
    const lines: string[] = [];
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      const piece = chunk.subarray(start, nl);
      if (this.size + piece.length > this.maxLineBytes) return null;
      lines.push(
        this.size === 0 ? piece.toString('utf8') : Buffer.concat([...this.parts, piece]).toString('utf8'),
      );
      this.parts = [];
      this.size = 0;
      start = nl + 1;
    }
    if (start < chunk.length) {
      this.parts.push(Buffer.from(chunk.subarray(start)));
      this.size += chunk.length - start;
      if (this.size > this.maxLineBytes) return null;
    }
    return lines;
  }

  rest(): string {
    return Buffer.concat(this.parts).toString('utf8');
  }
}
