import { Agent, request } from 'node:https';
import { contextTargets, type ContextTarget } from './fleet-contexts';
import { oneLine, RunTracker, type FleetListTool, type ToolRun, type ToolRunOptions } from './run-tracker';

export const PLAIN_HTTPS = 'plain HTTPS GET (reference)';

/**
 * The physical reference: per cluster one keep-alive `https.Agent` and a single unpaged
 * `GET /api/v1/pods`, all clusters at once, each body parsed with `JSON.parse` and kept until the run
 * ends. No discovery, rate limit, paging, retries or bookkeeping: the least any client must do to have
 * every cluster's pods in hand.
 */
export class PlainHttpsTool implements FleetListTool {
  readonly name = PLAIN_HTTPS;
  private readonly targets: Array<ContextTarget & { agent: Agent }>;

  constructor(kubeconfigPath: string) {
    this.targets = contextTargets(kubeconfigPath).map((t) => ({
      ...t,
      agent: new Agent({ keepAlive: true, maxSockets: 4, ca: t.caPem }),
    }));
  }

  /** Lists every cluster at once, or only `contexts` (e.g. one, to time a cluster listed alone). */
  start(_options?: ToolRunOptions, contexts?: readonly string[]): ToolRun {
    const targets = contexts ? this.targets.filter((t) => contexts.includes(t.context)) : this.targets;
    const tracker = new RunTracker(targets.map((t) => t.context));
    // Every parsed list is kept until the run ends, as a consumer of the lists keeps them.
    let held: unknown[] = [];
    const requests = targets.map((target) => {
      const req = request(
        `${target.server}/api/v1/pods`,
        {
          agent: target.agent,
          headers: { Authorization: `Bearer ${target.token}`, Accept: 'application/json' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error) => tracker.settle(target.context, { ok: false, error: error.message }));
          res.on('end', () => {
            if (res.statusCode !== 200) {
              tracker.settle(target.context, { ok: false, error: `HTTP ${res.statusCode}` });
              return;
            }
            try {
              const list = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { items?: unknown[] };
              held.push(list);
              tracker.settle(target.context, { ok: true, items: list.items?.length ?? 0 });
            } catch (error) {
              tracker.settle(target.context, { ok: false, error: String(error) });
            }
          });
        },
      );
      req.on('error', (error) =>
        tracker.settle(target.context, { ok: false, error: oneLine(error.message, [target.token]) }),
      );
      req.end();
      return { context: target.context, req };
    });
    return {
      tracker,
      stop: async () => {
        held = [];
        // Only what is still open: a finished request's socket is back in the keep-alive pool.
        for (const { context, req } of requests) if (!tracker.outcome(context)) req.destroy();
      },
    };
  }

  /** The slowest of the clusters listed one at a time, each alone on the fleet (ms). */
  async slowestAlone(): Promise<number> {
    let slowest = 0;
    for (const { context } of this.targets) {
      const run = this.start(undefined, [context]);
      try {
        if (!(await run.tracker.waitFor([context], 60_000)) || !run.tracker.outcome(context)?.ok)
          throw new Error(`${this.name}: ${context} listed alone failed`);
        slowest = Math.max(slowest, run.tracker.settledBy([context]) as number);
      } finally {
        await run.stop();
      }
    }
    return slowest;
  }

  async dispose(): Promise<void> {
    for (const target of this.targets) target.agent.destroy();
  }
}
