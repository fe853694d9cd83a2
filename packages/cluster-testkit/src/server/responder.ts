import type { ServerResponse } from 'node:http';
import type { FaultState } from '../faults/fault-state';
import type { ApiError } from '../api/status';

/** Writes answers, applying the body-shaping faults (malformed bodies, trickling) on the way out. */
export class Responder {
  /** Faults that shaped this answer; read by the request log. */
  readonly applied: string[] = [];

  constructor(
    readonly res: ServerResponse,
    private readonly faults: FaultState,
    private readonly random: () => number,
  ) {}

  get closed(): boolean {
    return this.res.destroyed || this.res.writableEnded;
  }

  json(
    status: number,
    body: unknown,
    contentType = 'application/json',
    headers: Record<string, string> = {},
  ): Promise<void> {
    return this.send(status, JSON.stringify(body), contentType, headers);
  }

  text(status: number, body: string, headers: Record<string, string> = {}): Promise<void> {
    return this.send(status, body, 'text/plain; charset=utf-8', headers);
  }

  error(error: ApiError): Promise<void> {
    return this.json(error.code, error.toStatus(), 'application/json', error.headers);
  }

  /** Corrupts a JSON text the way a broken proxy or a truncated write would. */
  maybeCorrupt(text: string): string {
    const fault = this.faults.malformedBody;
    if (!fault || this.random() >= fault.probability) return text;
    if (!this.applied.includes('malformedBody')) this.applied.push('malformedBody');
    return `${text.slice(0, Math.max(1, Math.floor(text.length / 2)))}\u0000<garbage`;
  }

  async send(
    status: number,
    text: string,
    contentType: string,
    headers: Record<string, string> = {},
  ): Promise<void> {
    if (this.closed) return;
    const body = Buffer.from(contentType.startsWith('application/json') ? this.maybeCorrupt(text) : text);
    this.res.writeHead(status, {
      'Content-Type': contentType,
      'Content-Length': String(body.length),
      'Cache-Control': 'no-cache, private',
      ...headers,
    });
    const trickle = this.faults.trickle;
    if (!trickle) {
      this.res.end(body);
      return;
    }
    this.applied.push('trickle');
    const chunk = Math.max(1, Math.floor(trickle.bytesPerSecond / 10));
    for (let offset = 0; offset < body.length && !this.closed; offset += chunk) {
      this.res.write(body.subarray(offset, offset + chunk));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!this.closed) this.res.end();
  }
}
