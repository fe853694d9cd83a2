import { Agent, request } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { kubeConfigsByContext } from './client-node-poller';
import { until } from './subjects';

export interface BarePollerOptions {
  intervalMs: number;
  /** ± share of the interval, drawn per gap like the sessions' heartbeat. */
  jitter: number;
  /** Due times rounded to this grid, like the sessions' default heartbeat; 0 for exact. */
  alignMs: number;
  onSettled?: (cluster: string, ok: boolean) => void;
}

/**
 * The floor under the sessions' CPU: per cluster one keep-alive `https.Agent` and a bare
 * `https.request` of `/readyz` with the kubeconfig's CA and token, on the sessions' schedule (the
 * next poll one jittered gap after the answer, on the same grid). No deadline, no state, no events,
 * no errors worth the name: what any Node client pays for one TLS request per heartbeat.
 */
export class BarePoller {
  private readonly agent: Agent;
  private readonly url: URL;
  private readonly headers: Record<string, string>;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(
    readonly cluster: string,
    kubeConfig: KubeConfig,
    private readonly options: BarePollerOptions,
  ) {
    const current = kubeConfig.getCurrentCluster();
    const token = kubeConfig.getCurrentUser()?.token;
    if (!current?.caData || !token) throw new Error(`context ${cluster} needs a CA and a token`);
    this.url = new URL(current.server);
    this.agent = new Agent({ keepAlive: true, maxSockets: 1, ca: Buffer.from(current.caData, 'base64') });
    this.headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
  }

  start(): void {
    this.poll();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.agent.destroy();
  }

  private poll(): void {
    const req = request(
      {
        hostname: this.url.hostname,
        port: this.url.port,
        path: '/readyz',
        agent: this.agent,
        headers: this.headers,
      },
      (res) => {
        res.resume();
        res.on('end', () => this.settled(res.statusCode === 200));
      },
    );
    req.on('error', () => this.settled(false));
    req.end();
  }

  private settled(ok: boolean): void {
    if (this.stopped) return;
    this.options.onSettled?.(this.cluster, ok);
    const { intervalMs, jitter, alignMs } = this.options;
    const now = Date.now();
    let due = now + intervalMs * (1 + jitter * (2 * Math.random() - 1));
    if (alignMs > 0) due = Math.max(now, Math.round(due / alignMs) * alignMs);
    this.timer = setTimeout(() => this.poll(), due - now);
  }
}

/** Every context of the kubeconfig as a bare poller; resolves once each answered once. */
export async function startBarePollers(
  kubeconfigPath: string,
  options: BarePollerOptions,
  readyTimeoutMs = 60_000,
): Promise<{ readyMs: number; stop: () => void }> {
  const started = performance.now();
  const answered = new Set<string>();
  const pollers = [...kubeConfigsByContext(kubeconfigPath)].map(
    ([context, kc]) =>
      new BarePoller(context, kc, {
        ...options,
        onSettled: (cluster, ok) => {
          if (ok) answered.add(cluster);
        },
      }),
  );
  const stop = () => pollers.forEach((p) => p.stop());
  pollers.forEach((p) => p.start());
  try {
    await until(() => answered.size === pollers.length, readyTimeoutMs, 'every bare poller to answer once');
  } catch (error) {
    stop();
    throw error;
  }
  return { readyMs: performance.now() - started, stop };
}
