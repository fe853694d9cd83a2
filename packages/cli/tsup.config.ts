import { defineConfig } from 'tsup';

// The library entry (`run`, exit codes) for embedding the CLI in another program. The `flotilla`
// executable is bundled separately by build/executable.mjs (`npm run build` runs both).
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // cluster-core is compiled in from its TypeScript source, as in the executable.
  noExternal: [/^@flotilla\//],
  esbuildOptions(options) {
    options.conditions = ['@flotilla/source'];
  },
});
