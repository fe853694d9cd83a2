import { Agent, request } from 'node:https';
import { contextTargets, type ContextTarget } from './fleet-contexts';
import { oneLine, RunTracker, type FleetListTool, type ToolRun } from './run-tracker';

export const PLAIN_HTTPS = 'plain HTTPS GET per cluster (reference)';

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

  start(): ToolRun {
    const tracker = new RunTracker(this.targets.map((t) => t.context));
    // Every parsed list is kept until the run ends, as a consumer of the lists keeps them.
    let held: unknown[] = [];
    const requests = this.targets.map((target) => {
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

  async dispose(): Promise<void> {
    for (const target of this.targets) target.agent.destroy();
  }
}
