/**
 * End-to-end tests (`npm run test:e2e`): the demo console in a real Chromium driven by
 * playwright-core. Files end in `.e2e.ts` so the unit run never starts a browser.
 */
import { defineConfig, defineProject } from 'vitest/config';
import { sourceConditions } from './vitest.workspace.ts';

const report = process.env['FLOTILLA_TEST_REPORT'];

export default defineConfig({
  test: {
    projects: [
      defineProject({
        resolve: { conditions: sourceConditions },
        ssr: { resolve: { conditions: sourceConditions, externalConditions: ['@flotilla/source'] } },
        test: {
          name: 'e2e',
          root: 'packages/examples',
          include: ['src/__tests__/e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      }),
    ],
    passWithNoTests: false,
    ...(report ? { reporters: ['default', 'json'], outputFile: { json: report } } : {}),
  },
});
