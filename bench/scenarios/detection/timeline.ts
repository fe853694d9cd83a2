/** What happened to which cluster and when (`performance.now()`), with waits on what comes next. */
export class Timeline {
  private readonly entries: Array<{ kind: string; cluster: string; at: number }> = [];
  private readonly waiters = new Set<{
    kind: string;
    cluster: string;
    after: number;
    resolve: (at: number) => void;
  }>();

  record(kind: string, cluster: string, at = performance.now()): void {
    this.entries.push({ kind, cluster, at });
    for (const waiter of [...this.waiters]) {
      if (waiter.kind !== kind || waiter.cluster !== cluster || at < waiter.after) continue;
      this.waiters.delete(waiter);
      waiter.resolve(at);
    }
  }

  /** Time of the first `kind` of `cluster` at or after `after`, recorded already or yet to come. */
  waitFor(kind: string, cluster: string, after: number, timeoutMs: number): Promise<number> {
    const seen = this.entries.find((e) => e.kind === kind && e.cluster === cluster && e.at >= after);
    if (seen) return Promise.resolve(seen.at);
    return new Promise((resolve, reject) => {
      const waiter = {
        kind,
        cluster,
        after,
        resolve: (at: number) => {
          clearTimeout(timer);
          resolve(at);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no ${kind} of ${cluster} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  count(kind: string, cluster: string): number {
    return this.entries.filter((e) => e.kind === kind && e.cluster === cluster).length;
  }
}
