/** A subject that measures itself: it returns its own sample rather than being timed from outside. */
export interface MeasuringSubject<S> {
  name: string;
  run: () => Promise<S>;
}

export interface RoundsOptions<S> {
  /** Rounds run and discarded before measuring (JIT, connection set-up, caches). */
  warmup: number;
  runs: number;
  subjects: readonly MeasuringSubject<S>[];
  /**
   * `alternate` runs the subjects in reverse order every other round (A B C, C B A, …), so no
   * subject always follows the same one: what a run leaves behind (a server collecting garbage,
   * processes exiting) then weighs on every subject alike instead of always on the next one.
   */
  order?: 'same' | 'alternate';
  /** Pause after every run, so the machine settles before the next subject starts. */
  settleMs?: number;
  /** Called after every run, warm-up included, e.g. to log progress. */
  onRun?: (subject: string, round: number, sample: S, warmup: boolean) => void;
}

/**
 * Like `runInterleaved` (rounds of A B A B …, warm-up discarded), for subjects whose figure is not
 * the wall time of the whole call: the time until some clusters answered, CPU, events per second.
 * Index i of every subject's samples is one round, whatever the order within it.
 */
export async function runRounds<S>(
  options: RoundsOptions<S>,
): Promise<Array<{ name: string; samples: S[] }>> {
  if (options.subjects.length === 0) throw new RangeError('runRounds needs at least one subject');
  if (!Number.isInteger(options.runs) || options.runs < 1)
    throw new RangeError(`runs must be >= 1, got ${options.runs}`);
  if (!Number.isInteger(options.warmup) || options.warmup < 0)
    throw new RangeError(`warmup must be >= 0, got ${options.warmup}`);
  const names = new Set(options.subjects.map((s) => s.name));
  if (names.size !== options.subjects.length) throw new Error('runRounds: subject names must be unique');

  const results = options.subjects.map((s) => ({ name: s.name, samples: [] as S[] }));
  const indexes = options.subjects.map((_, index) => index);
  for (let round = 0; round < options.warmup + options.runs; round++) {
    const order = options.order === 'alternate' && round % 2 === 1 ? [...indexes].reverse() : indexes;
    for (const index of order) {
      const subject = options.subjects[index] as MeasuringSubject<S>;
      const sample = await subject.run();
      const warmup = round < options.warmup;
      options.onRun?.(subject.name, round, sample, warmup);
      if (!warmup) results[index]?.samples.push(sample);
      if (options.settleMs) await new Promise((resolve) => setTimeout(resolve, options.settleMs));
    }
  }
  return results;
}
