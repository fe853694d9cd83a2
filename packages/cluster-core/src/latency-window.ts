import type { LatencySummary } from './cluster-state';

/** The last N latency samples of one cluster, summarised as last/p50/p95. */
export class LatencyWindow {
  private samples: number[] = [];

  constructor(private readonly size = 50) {}

  add(ms: number): void {
    this.samples.push(ms);
    if (this.samples.length > this.size) this.samples.shift();
  }

  summary(): LatencySummary {
    if (this.samples.length === 0) return { lastMs: null, p50Ms: null, p95Ms: null, samples: 0 };
    const sorted = [...this.samples].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
    return {
      lastMs: this.samples[this.samples.length - 1] as number,
      p50Ms: at(0.5),
      p95Ms: at(0.95),
      samples: sorted.length,
    };
  }
}
