import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateReport } from '../lib/report/generate';
import { BEGIN_MARKER, END_MARKER } from '../lib/report/markdown';
import { readResult, resultPath } from '../lib/results';
import { runScenario } from '../lib/run-scenario';
import { resultProblems } from '../lib/validate';
import { scenarios } from '../scenarios/index';

// Timings are never asserted here: this only proves every scenario still runs and writes a usable file.
describe('bench scenarios at smoke size', () => {
  let resultsDir: string;

  beforeAll(async () => {
    resultsDir = await mkdtemp(join(tmpdir(), 'flotilla-bench-smoke-'));
  });

  afterAll(async () => {
    await rm(resultsDir, { recursive: true, force: true });
  });

  it('has registered scenarios with unique names', () => {
    expect(scenarios.length).toBeGreaterThan(0);
    expect(new Set(scenarios.map((s) => s.name)).size).toBe(scenarios.length);
  });

  for (const scenario of scenarios) {
    it(`${scenario.name} produces a well-formed result file`, async () => {
      const { result, path } = await runScenario(scenario, { size: 'smoke', resultsDir });

      expect(path).toBe(resultPath(resultsDir, scenario.name));
      const written = await readResult(path);
      expect(resultProblems(written)).toEqual([]);
      expect(written).toEqual(JSON.parse(JSON.stringify(result)));
      expect(written.size).toBe('smoke');
      expect(written.rows.length).toBeGreaterThan(0);
      for (const row of written.rows) {
        expect(row.samples.length).toBeGreaterThan(0);
        for (const sample of row.samples) {
          expect(Number.isFinite(sample)).toBe(true);
          expect(sample).toBeGreaterThan(0);
        }
      }
      for (const ratio of written.ratios) expect(Number.isFinite(ratio.value) && ratio.value > 0).toBe(true);
      expect(written.machine.cores).toBeGreaterThan(0);
    });
  }

  it('renders the report from the smoke results without touching docs/', async () => {
    const markdownPath = join(resultsDir, 'docs', 'benchmarks.md');
    const svgDir = join(resultsDir, 'docs', 'bench');
    await generateReport({ resultsDir, markdownPath, svgDir });

    const markdown = await readFile(markdownPath, 'utf8');
    expect(markdown).toContain(BEGIN_MARKER);
    expect(markdown).toContain(END_MARKER);
    for (const scenario of scenarios) {
      expect(markdown).toContain(`npm run bench -- ${scenario.name}`);
      expect(markdown).toContain(`(bench/${scenario.name}.svg)`);
      const svg = await readFile(join(svgDir, `${scenario.name}.svg`), 'utf8');
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
      expect(svg).toContain('<rect');
    }
  });
});
