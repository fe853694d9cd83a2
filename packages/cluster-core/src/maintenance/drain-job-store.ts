import { systemClock, type Clock } from '../clock';
import type { ClusterManager } from '../cluster-manager';
import type { DrainProgressEvent } from '../events';
import { linkSignals } from '../linked-signal';
import { Subscribable } from '../subscribable';
import { drainNode, isTerminalPhase, type DrainOptions, type DrainProgress } from './drain';

/** One drain job as a UI shows it; a new object whenever anything in it changes. */
export interface DrainJobSnapshot extends DrainProgressEvent {
  startedAt: number;
  finishedAt: number | null;
}

export interface DrainJobFilter {
  clusterId?: string;
  node?: string;
}

export interface DrainJobHandle {
  clusterId: string;
  jobId: string;
  /** Settles with the final snapshot (completed, failed or cancelled); never rejects. */
  done: Promise<DrainJobSnapshot>;
}

export interface DrainJobStoreOptions {
  clock?: Clock;
  /** Applied to every drain started here (e.g. shorter intervals in tests). */
  defaults?: Omit<DrainOptions, 'signal' | 'clock'>;
}

interface Job {
  snapshot: DrainJobSnapshot;
  controller: AbortController;
}

const MAX_CACHED_FILTERS = 64;

/**
 * Drain jobs of a fleet, keyed by (clusterId, jobId): node names repeat across clusters (every
 * cluster may have a `worker-1`), so a job is never looked up, listed or cancelled by node name
 * alone (BRIEF I10). Snapshots are referentially stable until they change, for
 * `useSyncExternalStore`; a removed cluster's jobs are cancelled and forgotten.
 */
export class DrainJobStore extends Subscribable<() => void> {
  private readonly jobs = new Map<string, Map<string, Job>>();
  private readonly clock: Clock;
  private readonly detach: () => void;
  private sequence = 0;
  private version = 0;
  private readonly selections = new Map<string, { version: number; value: readonly DrainJobSnapshot[] }>();

  constructor(
    private readonly manager: ClusterManager,
    private readonly options: DrainJobStoreOptions = {},
  ) {
    super();
    this.clock = options.clock ?? systemClock;
    const onRemoved = ({ clusterId }: { clusterId: string }) => this.forgetCluster(clusterId);
    manager.events.on('cluster:removed', onRemoved);
    this.detach = () => manager.events.off('cluster:removed', onRemoved);
  }

  /** Starts draining `node` of that cluster; an unknown cluster id throws `unknown-cluster`. */
  drain(clusterId: string, node: string, options: Omit<DrainOptions, 'clock'> = {}): DrainJobHandle {
    const session = this.manager.require(clusterId);
    const jobId = `drain-${++this.sequence}`;
    const controller = new AbortController();
    const linked = linkSignals(options.signal, controller.signal);
    const job: Job = {
      controller,
      snapshot: {
        clusterId,
        clusterName: session.clusterName,
        jobId,
        node,
        phase: 'cordoning',
        evicted: 0,
        remaining: 0,
        blocked: [],
        startedAt: this.clock.now(),
        finishedAt: null,
      },
    };
    let perCluster = this.jobs.get(clusterId);
    if (!perCluster) this.jobs.set(clusterId, (perCluster = new Map()));
    perCluster.set(jobId, job);
    this.changed();
    const done = drainNode(session, node, {
      ...this.options.defaults,
      ...options,
      jobId,
      clock: this.clock,
      signal: linked.signal,
      onProgress: (progress) => this.update(job, progress),
    })
      .finally(linked.release)
      .then(() => job.snapshot);
    return { clusterId, jobId, done };
  }

  get(clusterId: string, jobId: string): DrainJobSnapshot | undefined {
    return this.jobs.get(clusterId)?.get(jobId)?.snapshot;
  }

  /** Every job, oldest first; the same array until a job changes. */
  getSnapshot = (): readonly DrainJobSnapshot[] => this.select({});

  /**
   * Jobs of one cluster and/or node. The same array is returned until a matching job changes, so
   * `useSyncExternalStore(store.subscribe, () => store.select({ clusterId, node }))` is safe.
   */
  select(filter: DrainJobFilter): readonly DrainJobSnapshot[] {
    const key = JSON.stringify([filter.clusterId ?? null, filter.node ?? null]);
    const cached = this.selections.get(key);
    if (cached?.version === this.version) return cached.value;
    const value: DrainJobSnapshot[] = [];
    const clusters =
      filter.clusterId !== undefined ? [this.jobs.get(filter.clusterId)] : [...this.jobs.values()];
    for (const perCluster of clusters) {
      for (const job of perCluster?.values() ?? []) {
        if (filter.node === undefined || job.snapshot.node === filter.node) value.push(job.snapshot);
      }
    }
    value.sort(
      (a, b) => a.startedAt - b.startedAt || a.jobId.localeCompare(b.jobId, 'en', { numeric: true }),
    );
    const same =
      cached && cached.value.length === value.length && cached.value.every((s, i) => s === value[i]);
    const result = same ? cached.value : value;
    if (this.selections.size >= MAX_CACHED_FILTERS && !cached) this.selections.clear();
    this.selections.set(key, { version: this.version, value: result });
    return result;
  }

  /** Cancels a running job; false when there is no such job in that cluster or it already ended. */
  cancel(clusterId: string, jobId: string): boolean {
    const job = this.jobs.get(clusterId)?.get(jobId);
    if (!job || isTerminalPhase(job.snapshot.phase)) return false;
    job.controller.abort();
    return true;
  }

  /** Forgets finished jobs (of one cluster, or all). */
  clearFinished(clusterId?: string): void {
    let removed = false;
    for (const [id, perCluster] of this.jobs) {
      if (clusterId !== undefined && id !== clusterId) continue;
      for (const [jobId, job] of perCluster) {
        if (!isTerminalPhase(job.snapshot.phase)) continue;
        perCluster.delete(jobId);
        removed = true;
      }
    }
    if (removed) this.changed();
  }

  /** Cancels every running job and stops following the manager. */
  dispose(): void {
    this.detach();
    for (const perCluster of this.jobs.values())
      for (const job of perCluster.values()) job.controller.abort();
    this.listeners.clear();
  }

  private update(job: Job, progress: DrainProgress): void {
    job.snapshot = {
      ...job.snapshot,
      ...progress,
      finishedAt: isTerminalPhase(progress.phase) ? this.clock.now() : null,
    };
    // A forgotten job (its cluster was removed) still settles `done`, but is no longer listed.
    if (this.jobs.get(job.snapshot.clusterId)?.get(job.snapshot.jobId) === job) this.changed();
  }

  private forgetCluster(clusterId: string): void {
    const perCluster = this.jobs.get(clusterId);
    if (!perCluster) return;
    this.jobs.delete(clusterId);
    for (const job of perCluster.values()) job.controller.abort();
    this.changed();
  }

  private changed(): void {
    this.version++;
    for (const listener of [...this.listeners]) listener();
  }
}
