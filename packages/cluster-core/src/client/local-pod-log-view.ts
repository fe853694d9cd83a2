import type { ClusterManager } from '../cluster-manager';
import { FlotillaError } from '../errors';
import { asFlotillaError } from '../fleet/fan-out';
import type { NotifyScheduler } from '../fleet-store/scheduler';
import { streamPodLogs } from '../logs/pod-logs';
import type { PodLogQuery, PodLogSnapshot } from './fleet-client';
import { LazyView, type ViewTracker } from './lazy-view';

/** Lines a log view keeps by default; older ones are dropped first and counted. */
export const DEFAULT_POD_LOG_LINES = 1000;

/**
 * One container's log in one cluster: read (or followed) while subscribed, into a bounded buffer.
 * Lines arriving in a burst are announced once per scheduler window. Re-subscribing reads again
 * from the start of the query (e.g. the last `tailLines`).
 */
export class LocalPodLogView extends LazyView<PodLogSnapshot> {
  private lines: string[] = [];
  private dropped = 0;
  private snapshot: PodLogSnapshot;
  private controller: AbortController | null = null;
  private flushScheduled = false;
  /** Lines arrived that the snapshot does not show yet. */
  private unshown = false;

  constructor(
    tracker: ViewTracker,
    private readonly manager: ClusterManager,
    readonly clusterId: string,
    readonly query: PodLogQuery,
    private readonly maxLines: number,
    private readonly scheduler: NotifyScheduler,
  ) {
    super(tracker);
    this.snapshot = {
      clusterId,
      clusterName: manager.get(clusterId)?.clusterName ?? clusterId,
      status: 'connecting',
      lines: [],
      dropped: 0,
      error: null,
    };
  }

  getSnapshot = (): PodLogSnapshot => this.snapshot;

  protected start(): void {
    const controller = new AbortController();
    this.controller = controller;
    this.lines = [];
    this.dropped = 0;
    this.set({ status: 'connecting', lines: [], dropped: 0, error: null });
    void this.read(controller);
  }

  protected stop(): void {
    this.controller?.abort();
    this.controller = null;
  }

  private async read(controller: AbortController): Promise<void> {
    const session = this.manager.get(this.clusterId);
    if (!session) {
      const error = new FlotillaError({
        kind: 'unknown-cluster',
        clusterId: this.clusterId,
        message: `unknown cluster "${this.clusterId}"`,
        retryable: false,
      });
      this.set({ status: 'error', error: error.toJSON() });
      return;
    }
    const { namespace, pod, container, tailLines, sinceSeconds, follow } = this.query;
    try {
      const stream = await streamPodLogs(session, {
        namespace,
        pod,
        ...(container !== undefined ? { container } : {}),
        ...(tailLines !== undefined ? { tailLines } : {}),
        ...(sinceSeconds !== undefined ? { sinceSeconds } : {}),
        follow: follow ?? false,
        signal: controller.signal,
      });
      if (this.controller !== controller) return stream.close();
      this.set({ status: 'streaming' });
      for await (const line of stream) {
        if (this.controller !== controller) return stream.close();
        this.append(line);
      }
      if (this.controller === controller) this.set({ status: 'ended', ...this.buffered() });
    } catch (error) {
      if (this.controller !== controller) return;
      this.set({ status: 'error', ...this.buffered(), error: asFlotillaError(session, error).toJSON() });
    }
  }

  private append(line: string): void {
    this.unshown = true;
    this.lines.push(line);
    if (this.lines.length > this.maxLines) {
      const excess = this.lines.length - this.maxLines;
      this.lines.splice(0, excess);
      this.dropped += excess;
    }
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.scheduler(() => {
      this.flushScheduled = false;
      if (this.isStarted && this.unshown) this.set(this.buffered());
    });
  }

  private buffered(): Pick<PodLogSnapshot, 'lines' | 'dropped'> {
    this.unshown = false;
    return { lines: [...this.lines], dropped: this.dropped };
  }

  private set(patch: Partial<PodLogSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    this.notify();
  }
}
