/** The contract between `bench/run.ts`, every scenario, the result files and the report. */

export type BenchSize = 'full' | 'smoke';

export interface ScenarioOptions {
  /** `smoke` runs tiny sizes in seconds so `npm test` proves the scenario still works. */
  size: BenchSize;
  log?: (line: string) => void;
}

export interface ResultRow {
  /** What is measured; rows sharing a measure are compared with each other. */
  measure: string;
  subject: string;
  /** Unit of samples, median, p95 and mean; lower is better in every row. */
  unit: string;
  samples: number[];
  median: number;
  p95: number;
  mean: number;
  /** Present when each sample times a fixed batch of operations, giving a rate at the median. */
  throughput?: { operationsPerSample: number; unit: string; median: number };
}

export interface Ratio {
  /** Equal to a row's `measure` when it compares that measure's subjects; the chart then shows it. */
  label: string;
  value: number;
  /** How the ratio was formed, for readers who did not write the scenario. */
  detail?: string;
}

/** A single figure that is not a comparison, e.g. start-up time or bytes of a response body. */
export interface Metric {
  name: string;
  value: number;
  unit: string;
}

export interface ScenarioResult {
  /** The sizes and knobs this run used, so results of different sizes are never compared by mistake. */
  parameters: Record<string, number | string | boolean>;
  rows: ResultRow[];
  ratios: Ratio[];
  notes: string[];
  metrics: Metric[];
}

export interface Scenario {
  /** File name of the result (`bench/results/<name>.json`) and the CLI argument. */
  name: string;
  title: string;
  /** Markdown: what is measured and against which peer. */
  description: string;
  run(options: ScenarioOptions): Promise<ScenarioResult>;
}
