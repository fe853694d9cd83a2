import { Agent, request } from 'node:https';

export interface HttpsTarget {
  /** e.g. `https://127.0.0.1:6443` */
  url: string;
  caPem: string;
  headers?: Record<string, string>;
}

export interface LoadOptions {
  path: string;
  requests: number;
  concurrency: number;
}

/**
 * A keep-alive HTTPS client for one server. Bodies are drained, not parsed, so client cost stays
 * equal for every server answering the same bytes.
 */
export class HttpsLoadClient {
  private readonly agent: Agent;

  constructor(
    private readonly target: HttpsTarget,
    maxSockets: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets, ca: target.caPem });
  }

  /** One request; resolves with the body, rejects on a transport error or a non-2xx status. */
  async fetch(path: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    await this.get(path, (chunk) => chunks.push(chunk));
    return Buffer.concat(chunks);
  }

  /** `requests` GETs of `path` with at most `concurrency` in flight; resolves with the bytes received. */
  async load(options: LoadOptions): Promise<number> {
    let issued = 0;
    let bytes = 0;
    const worker = async (): Promise<void> => {
      while (issued < options.requests) {
        issued++;
        bytes += await this.drain(options.path);
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, options.requests) }, worker));
    return bytes;
  }

  close(): void {
    this.agent.destroy();
  }

  private async drain(path: string): Promise<number> {
    let length = 0;
    await this.get(path, (chunk) => {
      length += chunk.length;
    });
    return length;
  }

  private get(path: string, onData: (chunk: Buffer) => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const req = request(
        `${this.target.url}${path}`,
        { agent: this.agent, headers: this.target.headers ?? {} },
        (res) => {
          res.on('data', onData);
          res.on('error', reject);
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status < 200 || status >= 300) reject(new Error(`GET ${path} answered ${status}`));
            else resolve();
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
  }
}
