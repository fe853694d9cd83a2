/**
 * The list of test projects, one per package. Vitest 4 no longer reads this file by itself:
 * `vitest.config.ts` imports it into `test.projects`, so the per-package settings below apply.
 */
import { defineProject, type TestProjectInlineConfiguration } from 'vitest/config';

export const sourceConditions = ['@flotilla/source', 'node', 'import', 'module', 'default'];

function packageProject(name: string, extra: TestProjectInlineConfiguration['test'] = {}) {
  return defineProject({
    resolve: { conditions: sourceConditions },
    ssr: { resolve: { conditions: sourceConditions, externalConditions: ['@flotilla/source'] } },
    test: {
      name,
      root: `packages/${name}`,
      include: ['src/**/__tests__/**/*.test.{ts,tsx}'],
      environment: 'node',
      testTimeout: 20_000,
      hookTimeout: 30_000,
      ...extra,
    },
  });
}

export const projects = [
  packageProject('cluster-testkit'),
  packageProject('cluster-core'),
  packageProject('cluster-react', { environment: 'happy-dom', setupFiles: ['src/__tests__/setup.ts'] }),
  packageProject('cli'),
  packageProject('examples'),
  defineProject({
    resolve: { conditions: sourceConditions },
    ssr: { resolve: { conditions: sourceConditions, externalConditions: ['@flotilla/source'] } },
    test: { name: 'bench', root: 'bench', include: ['__tests__/**/*.test.ts'], testTimeout: 120_000 },
  }),
];

export default projects;
