export interface Subject {
  name: string;
  run: () => Promise<void>;
}

export interface InterleavedOptions {
  /** Rounds run and discarded before measuring (JIT, connection set-up, caches). */
  warmup: number;
  runs: number;
  subjects: readonly Subject[];
}

export interface SubjectSamples {
  name: string;
  /** Wall time of each measured run in ms, in run order; index i of every subject is one round. */
  samples: number[];
}

/**
 * Runs the subjects in rounds (A B A B …) in this process so that drift in machine load hits all of
 * them alike and cancels in their ratios.
 */
export async function runInterleaved(options: InterleavedOptions): Promise<SubjectSamples[]> {
  if (options.subjects.length === 0) throw new RangeError('runInterleaved needs at least one subject');
  if (!Number.isInteger(options.runs) || options.runs < 1)
    throw new RangeError(`runs must be >= 1, got ${options.runs}`);
  if (!Number.isInteger(options.warmup) || options.warmup < 0)
    throw new RangeError(`warmup must be >= 0, got ${options.warmup}`);
  const names = new Set(options.subjects.map((s) => s.name));
  if (names.size !== options.subjects.length) throw new Error('runInterleaved: subject names must be unique');

  const results = options.subjects.map((s) => ({ name: s.name, samples: [] as number[] }));
  for (let round = 0; round < options.warmup + options.runs; round++) {
    for (const [index, subject] of options.subjects.entries()) {
      const started = performance.now();
      await subject.run();
      const elapsed = performance.now() - started;
      if (round >= options.warmup) results[index]?.samples.push(elapsed);
    }
  }
  return results;
}
