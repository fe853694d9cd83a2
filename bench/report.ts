/** `npm run bench:report`: regenerates docs/benchmarks.md and docs/bench/<name>.svg from bench/results/*.json. */
import { relative } from 'node:path';
import { generateReport } from './lib/report/generate';

const written = await generateReport();
console.log(`wrote ${written.map((p) => relative(process.cwd(), p)).join(', ')}`);
