import type { ClientRequest } from 'node:http';
import { Agent, request } from 'node:https';
import { contextTargets, type ContextTarget } from '../fleet-list/fleet-contexts';
import { Signal, waitUntil, type IngestSubject } from './ingest-subject';

export const PLAIN_WATCH = 'plain HTTPS watch (reference)';

const NEWLINE = 0x0a;

/**
 * The floor set by the server and TLS: per cluster one HTTPS watch of pods from the current
 * resourceVersion, whose bytes are only scanned for newlines — nothing is parsed or kept.
 */
export class PlainWatchSubject implements IngestSubject {
  readonly name = PLAIN_WATCH;
  readonly holdsObjects = false;
  private readonly targets: ContextTarget[];
  private requests: ClientRequest[] = [];
  private agents: Agent[] = [];
  private lines = 0;
  private readonly changed = new Signal();

  constructor(kubeconfigPath: string) {
    this.targets = contextTargets(kubeconfigPath);
  }

  async start(): Promise<void> {
    this.lines = 0;
    await Promise.all(this.targets.map((target) => this.watch(target)));
  }

  updates(): number {
    return this.lines;
  }

  waitForUpdates(count: number, boundMs: number): Promise<boolean> {
    return waitUntil(() => this.lines >= count, this.changed.subscribe, boundMs);
  }

  async stop(): Promise<void> {
    for (const req of this.requests) req.destroy();
    for (const agent of this.agents) agent.destroy();
    this.requests = [];
    this.agents = [];
  }

  private async watch(target: ContextTarget): Promise<void> {
    const agent = new Agent({ keepAlive: true, ca: target.caPem });
    this.agents.push(agent);
    const headers = { Authorization: `Bearer ${target.token}`, Accept: 'application/json' };
    const list = JSON.parse(await get(`${target.server}/api/v1/pods?limit=1`, agent, headers)) as {
      metadata?: { resourceVersion?: string };
    };
    const rv = list.metadata?.resourceVersion ?? '';
    await new Promise<void>((resolve, reject) => {
      const req = request(
        `${target.server}/api/v1/pods?watch=true&resourceVersion=${encodeURIComponent(rv)}`,
        { agent, headers },
        (res) => {
          if (res.statusCode !== 200)
            return reject(new Error(`${target.context}: watch answered ${res.statusCode}`));
          res.on('data', (chunk: Buffer) => {
            let found = 0;
            for (let i = chunk.indexOf(NEWLINE); i >= 0; i = chunk.indexOf(NEWLINE, i + 1)) found++;
            if (found === 0) return;
            this.lines += found;
            this.changed.notify();
          });
          res.on('error', () => undefined);
          resolve();
        },
      );
      req.on('error', reject);
      req.end();
      this.requests.push(req);
    });
  }
}

function get(url: string, agent: Agent, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        res.statusCode === 200
          ? resolve(Buffer.concat(chunks).toString('utf8'))
          : reject(new Error(`GET ${url} answered ${res.statusCode}`)),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
