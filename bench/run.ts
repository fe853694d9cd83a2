/**
 * `npm run bench [-- NAME…] [--smoke] [--results-dir DIR] [--no-report]`
 * Runs the registered scenarios (by name, or by id: P1 … P7), prints a table per scenario and writes `bench/results/<name>.json`;
 * a full-size run into the default folder then regenerates docs/benchmarks.md and docs/bench/*.svg.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { generateReport } from './lib/report/generate';
import { DEFAULT_RESULTS_DIR } from './lib/results';
import { runScenario } from './lib/run-scenario';
import { formatTable } from './lib/table';
import { SCENARIO_IDS, resolveScenarioArgs } from './scenarios/ids';
import { scenarios } from './scenarios/index';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      smoke: { type: 'boolean', default: false },
      'results-dir': { type: 'string' },
      'no-report': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(
      `usage: npm run bench -- [NAME|ID…] [--smoke] [--results-dir DIR] [--no-report]\nscenarios: ${scenarios.map((s) => s.name).join(', ')}\nids: ${Object.entries(
        SCENARIO_IDS,
      )
        .map(([id, name]) => `${id} ${name}`)
        .join(', ')}`,
    );
    return 0;
  }
  const { names, unknown } = resolveScenarioArgs(
    positionals,
    scenarios.map((s) => s.name),
  );
  if (unknown.length > 0) {
    console.error(
      `unknown scenario(s): ${unknown.join(', ')}; known: ${scenarios.map((s) => s.name).join(', ')}`,
    );
    return 2;
  }
  const selected = names.length === 0 ? scenarios : scenarios.filter((s) => names.includes(s.name));
  const size = values.smoke ? 'smoke' : 'full';
  // Smoke results go to a temporary folder unless asked otherwise: they must never replace real ones.
  const resultsDir =
    values['results-dir'] ??
    (size === 'smoke' ? await mkdtemp(join(tmpdir(), 'flotilla-bench-smoke-')) : DEFAULT_RESULTS_DIR);

  let failures = 0;
  for (const scenario of selected) {
    console.log(`\n▶ ${scenario.name} (${size})`);
    try {
      const { result, path } = await runScenario(scenario, {
        size,
        resultsDir,
        log: (line) => console.log(line),
      });
      console.log(`\n${formatTable(result)}\n→ ${relative(process.cwd(), path) || path}`);
    } catch (error) {
      failures++;
      console.error(`✗ ${scenario.name} failed:`, error);
    }
  }

  const shouldReport =
    size === 'full' &&
    resultsDir === DEFAULT_RESULTS_DIR &&
    !values['no-report'] &&
    failures < selected.length;
  if (shouldReport) {
    const written = await generateReport();
    console.log(`\nreport: ${written.map((p) => relative(process.cwd(), p)).join(', ')}`);
  }
  return failures > 0 ? 1 : 0;
}

process.exitCode = await main();
