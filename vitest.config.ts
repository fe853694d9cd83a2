import { defineConfig } from 'vitest/config';
import { projects } from './vitest.workspace.ts';

// CI asks for a JSON report so it can state how many tests ran and guard against silent shrinkage.
const report = process.env['FLOTILLA_TEST_REPORT'];

export default defineConfig({
  test: {
    projects,
    passWithNoTests: false,
    ...(report ? { reporters: ['default', 'json'], outputFile: { json: report } } : {}),
  },
});
