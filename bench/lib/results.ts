import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MachineInfo } from './machine';
import type { BenchSize, ScenarioResult } from './scenario';
import { resultProblems } from './validate';

/** What `bench/results/<name>.json` holds: the scenario's result plus enough context to trust it. */
export interface ResultFile extends ScenarioResult {
  scenario: string;
  title: string;
  description: string;
  size: BenchSize;
  startedAt: string;
  durationMs: number;
  machine: MachineInfo;
}

export const DEFAULT_RESULTS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'results');

export function resultPath(dir: string, scenario: string): string {
  return join(dir, `${scenario}.json`);
}

/** Writes through a temporary file so an interrupted run never leaves half a JSON for the report. */
export async function writeResult(dir: string, result: ResultFile): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = resultPath(dir, result.scenario);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(result, null, 2)}\n`);
  await rename(temporary, path);
  return path;
}

export async function readResult(path: string): Promise<ResultFile> {
  const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
  const problems = resultProblems(parsed);
  if (problems.length > 0) throw new Error(`${path} is not a benchmark result:\n  ${problems.join('\n  ')}`);
  return parsed as ResultFile;
}

/** Every result in `dir`, sorted by scenario name; a missing directory means no results yet. */
export async function readResults(dir: string): Promise<ResultFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files = names.filter((n) => n.endsWith('.json')).sort();
  const results = await Promise.all(files.map((n) => readResult(join(dir, n))));
  return results.sort((a, b) => a.scenario.localeCompare(b.scenario));
}
