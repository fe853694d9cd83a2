import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  // The console brings React and the fleet client; bundling either would give it a second copy.
  external: ['react', 'react-dom', 'react/jsx-runtime', '@flotilla/cluster-core', '@tanstack/react-virtual'],
});
