/** What one tool reported for one cluster in one run. */
export interface ClusterOutcome {
  /** The kubeconfig context (= simulated cluster name). */
  cluster: string;
  ok: boolean;
  /** Pods returned, when the tool's output was read. */
  items?: number;
  /** What the tool said about a failure, one line, secrets cut out. */
  error?: string;
  /** Since the run started. */
  settledMs: number;
}

/**
 * The per-cluster bookkeeping of one tool run over a fleet: when each cluster settled and how, and
 * waits for a set of clusters with a bound, so a hung cluster never stalls the benchmark itself.
 */
export class RunTracker {
  readonly startedAt = performance.now();
  private readonly outcomes = new Map<string, ClusterOutcome>();
  private readonly waiters = new Set<() => void>();

  constructor(readonly clusters: readonly string[]) {}

  /** Records a cluster's outcome once; later reports for the same cluster are ignored. */
  settle(cluster: string, outcome: Omit<ClusterOutcome, 'cluster' | 'settledMs'>): void {
    if (this.outcomes.has(cluster)) return;
    this.outcomes.set(cluster, { cluster, ...outcome, settledMs: performance.now() - this.startedAt });
    for (const wake of [...this.waiters]) wake();
  }

  outcome(cluster: string): ClusterOutcome | undefined {
    return this.outcomes.get(cluster);
  }

  all(): ClusterOutcome[] {
    return [...this.outcomes.values()];
  }

  get settledCount(): number {
    return this.outcomes.size;
  }

  /** When the last of `clusters` settled (ms since start), or undefined if not all did. */
  settledBy(clusters: readonly string[]): number | undefined {
    let last = 0;
    for (const cluster of clusters) {
      const outcome = this.outcomes.get(cluster);
      if (!outcome) return undefined;
      last = Math.max(last, outcome.settledMs);
    }
    return last;
  }

  /** Resolves true once all of `clusters` settled, false when `boundMs` after the start passed first. */
  waitFor(clusters: readonly string[] = this.clusters, boundMs = Number.POSITIVE_INFINITY): Promise<boolean> {
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const check = () => {
        if (this.settledBy(clusters) === undefined) return;
        done(true);
      };
      const done = (value: boolean) => {
        this.waiters.delete(check);
        if (timer) clearTimeout(timer);
        resolve(value);
      };
      this.waiters.add(check);
      if (Number.isFinite(boundMs)) {
        const remaining = Math.max(0, boundMs - (performance.now() - this.startedAt));
        timer = setTimeout(() => done(this.settledBy(clusters) !== undefined), remaining);
      }
      check();
    });
  }
}

/** One run of one tool over the fleet, started; `stop()` ends whatever is still going. */
export interface ToolRun {
  readonly tracker: RunTracker;
  stop(): Promise<void>;
}

export interface ToolRunOptions {
  /** Read each cluster's output to count items (slower for process tools; used to verify). */
  count: boolean;
}

/** A way to list pods of every cluster, as one tool does it. */
export interface FleetListTool {
  readonly name: string;
  /** Set-up kept across runs (e.g. a long-lived manager); absent for cold tools. */
  prepare?(): Promise<void>;
  start(options: ToolRunOptions): ToolRun;
  dispose?(): Promise<void>;
}

/** Keeps error text to one short line without secrets. */
export function oneLine(text: string, secrets: readonly string[], max = 240): string {
  let line =
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .at(-1) ?? '';
  for (const secret of secrets) if (secret) line = line.split(secret).join('[redacted]');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
