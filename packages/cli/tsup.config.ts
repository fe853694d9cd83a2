import { defineConfig, type Options } from 'tsup';

// Bundled CommonJS dependencies (commander …) call require(); an ES module has none of its own.
const REQUIRE_SHIM =
  "import { createRequire as __flotillaCreateRequire } from 'node:module'; const require = __flotillaCreateRequire(import.meta.url);";

/**
 * The `flotilla` executable (`dist/flotilla.js`, run by `bin/flotilla.mjs` when installed): one
 * self-contained, minified ES module bundle with cluster-core compiled in from its TypeScript source
 * and commands split into chunks loaded on use. Cold start is what `flotilla status` is measured
 * on (`npm run bench -- status`): a bundle starts several times faster than resolving hundreds of
 * modules of @kubernetes/client-node one by one.
 */
export const executableBuild: Options = {
  entry: { flotilla: 'src/main.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  splitting: true,
  minify: true,
  sourcemap: false,
  dts: false,
  clean: false,
  noExternal: [/.*/],
  banner: { js: REQUIRE_SHIM },
  esbuildOptions(options) {
    options.conditions = ['@flotilla/source'];
  },
};

/** The library entry (`run`, exit codes) for embedding the CLI in another program. */
export const libraryBuild: Options = {
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  noExternal: [/^@flotilla\//],
  esbuildOptions(options) {
    options.conditions = ['@flotilla/source'];
  },
};

export default defineConfig([libraryBuild, executableBuild]);
