import type { Ratio, ResultRow } from './scenario';
import { mean, median, p95 } from './stats';

/** A row of run times (ms) where every run performed `operations` operations, e.g. requests. */
export function timedRow(
  measure: string,
  subject: string,
  samplesMs: readonly number[],
  operations: number,
  rateUnit: string,
): ResultRow {
  const mid = median(samplesMs);
  return {
    ...valueRow(measure, subject, 'ms', samplesMs),
    throughput: { operationsPerSample: operations, unit: rateUnit, median: (operations * 1000) / mid },
  };
}

export function valueRow(
  measure: string,
  subject: string,
  unit: string,
  samples: readonly number[],
): ResultRow {
  return {
    measure,
    subject,
    unit,
    samples: [...samples],
    median: median(samples),
    p95: p95(samples),
    mean: mean(samples),
  };
}

/**
 * Median over rounds of `denominator[i] / numerator[i]`: for times, the numerator's speed relative to
 * the denominator. Pairing samples of the same round cancels load that drifted between rounds.
 */
export function pairedSpeedRatio(label: string, numerator: ResultRow, denominator: ResultRow): Ratio {
  if (numerator.samples.length !== denominator.samples.length) {
    throw new Error(
      `${label}: rows have ${numerator.samples.length} and ${denominator.samples.length} samples`,
    );
  }
  const perRound = numerator.samples.map((n, i) => (denominator.samples[i] as number) / n);
  return {
    label,
    value: median(perRound),
    detail: `throughput of ${numerator.subject} ÷ ${denominator.subject}, median of ${perRound.length} per-round ratios`,
  };
}

/**
 * Median over rounds of `numerators[i] / denominators[i]`, or undefined when some pair is not a
 * positive finite ratio (e.g. a difference that noise left at or below zero), so no ratio is invented.
 */
export function medianPairedRatio(
  numerators: readonly number[],
  denominators: readonly number[],
): number | undefined {
  if (numerators.length !== denominators.length || numerators.length === 0) return undefined;
  const ratios = numerators.map((n, i) => n / (denominators[i] as number));
  return ratios.every((r) => Number.isFinite(r) && r > 0) ? median(ratios) : undefined;
}
