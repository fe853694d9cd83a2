import { CoreV1Api, Health, KubeConfig } from '@kubernetes/client-node';

/** The peer of the `sessions` and `detection` scenarios: what a plain client-node app does. */

export interface PollResult {
  cluster: string;
  /** `performance.now()` times. */
  startedAt: number;
  settledAt: number;
  ok: boolean;
  error?: string;
}

export interface PollerOptions {
  intervalMs: number;
  /** Deadline of one poll; none by default, as in the naive app (a hung cluster then never fails). */
  timeoutMs?: number;
  onResult?: (result: PollResult) => void;
  /** How late each `setInterval` callback fired: fire time − (previous fire + interval). */
  onLateness?: (cluster: string, latenessMs: number) => void;
}

/**
 * One KubeConfig per context holding only that context, its cluster and its user. Loading the whole
 * fleet file into every KubeConfig would hold every context N times, which no fair peer should pay.
 */
export function kubeConfigsByContext(kubeconfigPath: string): Map<string, KubeConfig> {
  const all = new KubeConfig();
  all.loadFromFile(kubeconfigPath);
  const configs = new Map<string, KubeConfig>();
  for (const context of all.getContexts()) {
    const cluster = all.getCluster(context.cluster);
    const user = all.getUser(context.user);
    if (!cluster || !user) throw new Error(`context ${context.name} lacks its cluster or user`);
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [cluster],
      users: [user],
      contexts: [context],
      currentContext: context.name,
    });
    configs.set(context.name, kc);
  }
  return configs;
}

/**
 * `setInterval` + `Health.readyz` on one cluster, with the `CoreV1Api` client the app uses for its
 * real work held alongside. client-node builds a new https.Agent per request, so every poll opens
 * a new TLS connection: that is the library's behaviour, not something this peer adds.
 */
export class ClientNodePoller {
  readonly api: CoreV1Api;
  private readonly health: Health;
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastFiredAt = 0;

  constructor(
    readonly cluster: string,
    kubeConfig: KubeConfig,
    private readonly options: PollerOptions,
  ) {
    this.api = kubeConfig.makeApiClient(CoreV1Api);
    this.health = new Health(kubeConfig);
  }

  /** Polls now, then every interval. */
  start(): void {
    if (this.timer) return;
    this.lastFiredAt = performance.now();
    void this.poll();
    this.timer = setInterval(() => {
      const now = performance.now();
      this.options.onLateness?.(this.cluster, now - (this.lastFiredAt + this.options.intervalMs));
      this.lastFiredAt = now;
      void this.poll();
    }, this.options.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async poll(): Promise<void> {
    const startedAt = performance.now();
    const timeoutMs = this.options.timeoutMs;
    let ok = false;
    let error: string | undefined;
    try {
      ok = await this.health.readyz(
        timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(timeoutMs) },
      );
      if (!ok) error = 'readyz did not answer 200';
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
    }
    this.options.onResult?.({
      cluster: this.cluster,
      startedAt,
      settledAt: performance.now(),
      ok,
      ...(error === undefined ? {} : { error }),
    });
  }
}
