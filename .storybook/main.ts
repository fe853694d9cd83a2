import type { StorybookConfig } from '@storybook/react-vite';

/**
 * Storybook for @flotilla/cluster-react. Stories are fed by the in-memory fixture client from
 * @flotilla/cluster-testkit/fixtures, so no server is needed; packages resolve each other's
 * TypeScript source through the `@flotilla/source` export condition, as tests do.
 */
const config: StorybookConfig = {
  stories: ['../packages/cluster-react/src/**/*.stories.@(ts|tsx)'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true },
  typescript: { reactDocgen: false },
  async viteFinal(viteConfig) {
    const { mergeConfig, defaultClientConditions } = await import('vite');
    const { default: react } = await import('@vitejs/plugin-react');
    return mergeConfig(viteConfig, {
      plugins: [react()],
      resolve: { conditions: ['@flotilla/source', ...defaultClientConditions] },
    });
  },
};

export default config;
