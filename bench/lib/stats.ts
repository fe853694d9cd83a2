/** Summary statistics over benchmark samples. Empty input is a harness bug, so it throws. */

function sorted(values: readonly number[]): number[] {
  if (values.length === 0) throw new RangeError('statistics of an empty sample set');
  return [...values].sort((a, b) => a - b);
}

/** Linear interpolation between closest ranks, so small sample sets still give a stable value. */
export function percentile(values: readonly number[], p: number): number {
  if (p < 0 || p > 100) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const ordered = sorted(values);
  const rank = (p / 100) * (ordered.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const a = ordered[low] as number;
  const b = ordered[high] as number;
  return a + (b - a) * (rank - low);
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function p95(values: readonly number[]): number {
  return percentile(values, 95);
}

export function mean(values: readonly number[]): number {
  return sorted(values).reduce((sum, v) => sum + v, 0) / values.length;
}
