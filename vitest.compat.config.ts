/**
 * The kubectl compatibility suite (`npm run test:compat`): real kubectl binaries against simulated
 * clusters. Its files end in `.compat.ts` so the default unit run never spawns kubectl.
 */
import { defineConfig, defineProject } from 'vitest/config';
import { sourceConditions } from './vitest.workspace.ts';

// Same switch as vitest.config.ts, so CI can count the compat tests that ran too.
const report = process.env['FLOTILLA_TEST_REPORT'];

export default defineConfig({
  test: {
    projects: [
      defineProject({
        resolve: { conditions: sourceConditions },
        ssr: { resolve: { conditions: sourceConditions, externalConditions: ['@flotilla/source'] } },
        test: {
          name: 'compat',
          root: 'packages/cluster-testkit',
          include: ['src/__tests__/compat/**/*.compat.ts'],
          environment: 'node',
          // Each test spawns kubectl processes; a loaded CI machine can make them slow.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      }),
    ],
    passWithNoTests: false,
    ...(report ? { reporters: ['default', 'json'], outputFile: { json: report } } : {}),
  },
});
