import { machineInfo } from './machine';
import { writeResult, type ResultFile } from './results';
import type { BenchSize, Scenario } from './scenario';
import { resultProblems } from './validate';

export interface RunScenarioOptions {
  size: BenchSize;
  /** Injectable so smoke runs never overwrite the committed full-size results. */
  resultsDir: string;
  log?: (line: string) => void;
}

/** Runs one scenario, stamps it with machine info and timing, validates it and writes its JSON. */
export async function runScenario(
  scenario: Scenario,
  options: RunScenarioOptions,
): Promise<{ result: ResultFile; path: string }> {
  const startedAt = new Date();
  const started = performance.now();
  const outcome = await scenario.run({ size: options.size, ...(options.log ? { log: options.log } : {}) });
  const result: ResultFile = {
    scenario: scenario.name,
    title: scenario.title,
    description: scenario.description,
    size: options.size,
    startedAt: startedAt.toISOString(),
    durationMs: performance.now() - started,
    machine: machineInfo(),
    ...outcome,
  };
  const problems = resultProblems(result);
  if (problems.length > 0)
    throw new Error(`scenario ${scenario.name} produced a malformed result:\n  ${problems.join('\n  ')}`);
  return { result, path: await writeResult(options.resultsDir, result) };
}
