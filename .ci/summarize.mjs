// Totals the vitest JSON reports, checks each project ran at least its expected number of tests
// (so a misconfigured run that silently tests less fails), and prints "N passed, N failed".
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

const [minimumsPath, ...reports] = process.argv.slice(2);
const minimums = JSON.parse(readFileSync(minimumsPath, 'utf8'));
let passed = 0;
let failed = 0;
let skipped = 0;
const perProject = {};
let missing = false;

for (const path of reports) {
  if (!existsSync(path)) {
    console.error(`missing test report ${path} (the suite did not run to completion)`);
    missing = true;
    continue;
  }
  const report = JSON.parse(readFileSync(path, 'utf8'));
  for (const file of report.testResults ?? []) {
    const rel = relative(process.cwd(), file.name);
    const project = rel.startsWith('packages/')
      ? rel.split('/')[1] + (rel.includes('/compat/') ? ':compat' : rel.includes('/e2e/') ? ':e2e' : '')
      : rel.split('/')[0];
    for (const test of file.assertionResults ?? []) {
      perProject[project] = (perProject[project] ?? 0) + 1;
      if (test.status === 'passed') passed++;
      else if (test.status === 'failed') failed++;
      else skipped++;
    }
  }
}

let shrunk = false;
for (const [project, minimum] of Object.entries(minimums)) {
  const ran = perProject[project] ?? 0;
  if (ran < minimum) {
    console.error(`${project}: ${ran} tests ran, expected at least ${minimum}`);
    shrunk = true;
  }
}
console.log(`tests per project: ${JSON.stringify(perProject)}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || shrunk || missing ? 1 : 0);
