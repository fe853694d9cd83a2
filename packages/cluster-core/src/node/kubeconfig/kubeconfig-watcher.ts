import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { systemClock, type Clock, type TimerHandle } from '../../clock';
import {
  readKubeconfigFile,
  resolveClusters,
  splitKubeconfigPaths,
  type KubeconfigFileState,
} from './load-kubeconfig-sources';
import type { DiscoveredCluster, KubeconfigSourceError } from './types';

export interface KubeconfigDiff {
  added: DiscoveredCluster[];
  /** Clusters whose fingerprint differs: rebuild their session. */
  changed: DiscoveredCluster[];
  removed: string[];
  /** Every problem of the latest read (not only new ones), so a UI can show and clear them. */
  errors: KubeconfigSourceError[];
}

export interface KubeconfigWatcherOptions {
  /** Called after a re-read that added, changed or removed clusters, or that found problems. */
  onChange: (diff: KubeconfigDiff) => void;
  /** Quiet time after the last file event before re-reading (default 500 ms). */
  debounceMs?: number;
  clock?: Clock;
}

type AcceptedState = Exclude<KubeconfigFileState, { status: 'error' }>;

/**
 * Watches kubeconfig files and reports what changed. Each file is watched itself and through its
 * directory, because editors save by writing a new file and renaming it over the old one (which
 * ends a watch on the file). A file that cannot be parsed keeps its previous clusters until it can;
 * a cluster is reported removed only when two reads at least one debounce apart agree that it is
 * gone, the second one with its file absent or parsed cleanly. So a file caught truncated or
 * half-written (or briefly absent during a save) removes nothing.
 */
export class KubeconfigWatcher {
  readonly paths: readonly string[];
  private readonly debounceMs: number;
  private readonly clock: Clock;
  private readonly accepted = new Map<string, AcceptedState>();
  private readonly readErrors = new Map<string, KubeconfigSourceError>();
  private current = new Map<string, DiscoveredCluster>();
  private currentErrors: KubeconfigSourceError[] = [];
  /** Clusters a read found gone, not yet confirmed, with when that was first seen. */
  private pendingRemoval = new Map<string, number>();
  private readonly dirWatchers = new Map<string, FSWatcher>();
  private readonly fileWatchers = new Map<string, FSWatcher>();
  private timer: TimerHandle | null = null;
  private running: Promise<void> | null = null;
  private rerun = false;
  private closed = false;

  private constructor(
    paths: readonly string[],
    private readonly options: KubeconfigWatcherOptions,
  ) {
    this.paths = paths;
    this.debounceMs = options.debounceMs ?? 500;
    this.clock = options.clock ?? systemClock;
  }

  /** Reads the files once (see {@link clusters}) and starts watching them. */
  static async start(
    input: string | readonly string[],
    options: KubeconfigWatcherOptions,
  ): Promise<KubeconfigWatcher> {
    const watcher = new KubeconfigWatcher(splitKubeconfigPaths(input), options);
    await watcher.read(false);
    return watcher;
  }

  clusters(): DiscoveredCluster[] {
    return [...this.current.values()];
  }

  errors(): KubeconfigSourceError[] {
    return this.currentErrors;
  }

  /** Re-reads now; resolves once the result (if any) has been reported. */
  refresh(): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.rerun = false;
          await this.read(true);
        } while (this.rerun && !this.closed);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  close(): void {
    this.closed = true;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
    for (const watcher of [...this.dirWatchers.values(), ...this.fileWatchers.values()]) watcher.close();
    this.dirWatchers.clear();
    this.fileWatchers.clear();
  }

  private schedule(delayMs = this.debounceMs): void {
    if (this.closed) return;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, delayMs);
  }

  private async read(report: boolean): Promise<void> {
    const states = await Promise.all(this.paths.map(readKubeconfigFile));
    if (this.closed) return;
    states.forEach((state, index) => {
      const file = this.paths[index] ?? '';
      if (state.status === 'error') {
        this.readErrors.set(file, state.error);
      } else {
        this.readErrors.delete(file);
        this.accepted.set(file, state);
      }
    });
    this.attachWatches();
    const resolved = resolveClusters(this.paths.flatMap((file) => this.accepted.get(file) ?? []));
    const next = new Map(resolved.clusters.map((cluster) => [cluster.clusterId, cluster]));
    const diff: KubeconfigDiff = {
      added: [],
      changed: [],
      removed: [],
      errors: [...this.readErrors.values(), ...resolved.errors],
    };
    for (const [id, cluster] of next) {
      const previous = this.current.get(id);
      if (!previous) diff.added.push(cluster);
      else if (previous.fingerprint !== cluster.fingerprint) diff.changed.push(cluster);
    }
    diff.removed = this.confirmRemovals(next);
    this.current = next;
    // Also report the read that clears the last problem, or the UI would keep showing it.
    const hadErrors = this.currentErrors.length > 0;
    this.currentErrors = diff.errors;
    if (this.pendingRemoval.size > 0) this.schedule();
    const changed =
      hadErrors || diff.added.length + diff.changed.length + diff.removed.length + diff.errors.length > 0;
    if (report && changed) this.options.onChange(diff);
  }

  /**
   * Decides which clusters missing from `next` are gone for good: those a read at least one debounce
   * earlier already missed, when their own file read cleanly this time (a file that fails to parse
   * proves nothing, e.g. one truncated and then caught half-written). The others stay in `next`.
   */
  private confirmRemovals(next: Map<string, DiscoveredCluster>): string[] {
    const now = this.clock.now();
    const removed: string[] = [];
    const pending = new Map<string, number>();
    for (const [id, cluster] of this.current) {
      if (next.has(id)) continue;
      const since = this.pendingRemoval.get(id);
      const file = cluster.source.type === 'kubeconfig' ? cluster.source.path : '';
      if (since !== undefined && now - since >= this.debounceMs && !this.readErrors.has(file)) {
        removed.push(id);
      } else {
        pending.set(id, since ?? now);
        next.set(id, cluster);
      }
    }
    this.pendingRemoval = pending;
    return removed;
  }

  /**
   * Re-attaches watches after every read: a rename-save leaves a file watch on a dead inode, and a
   * directory watch that failed (e.g. the directory was deleted) is retried.
   */
  private attachWatches(): void {
    const byDir = new Map<string, Set<string>>();
    for (const file of this.paths) {
      const dir = path.dirname(file);
      byDir.set(dir, (byDir.get(dir) ?? new Set()).add(path.basename(file)));
    }
    for (const [dir, names] of byDir) {
      if (this.dirWatchers.has(dir)) continue;
      this.tryWatch(this.dirWatchers, dir, (filename) => filename === null || names.has(filename));
    }
    for (const watcher of this.fileWatchers.values()) watcher.close();
    this.fileWatchers.clear();
    for (const file of this.paths) {
      if (this.accepted.get(file)?.status === 'ok') this.tryWatch(this.fileWatchers, file, () => true);
    }
  }

  private tryWatch(
    into: Map<string, FSWatcher>,
    target: string,
    relevant: (filename: string | null) => boolean,
  ): void {
    if (this.closed) return;
    try {
      const watcher = watch(target, (_event, filename) => {
        if (relevant(filename === null ? null : String(filename))) this.schedule();
      });
      watcher.on('error', () => {
        watcher.close();
        if (into.get(target) === watcher) into.delete(target);
        this.schedule();
      });
      into.set(target, watcher);
    } catch {
      // Not there (yet): a missing directory is watched again after the next read.
    }
  }
}
