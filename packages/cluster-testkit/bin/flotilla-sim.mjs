#!/usr/bin/env node
// Inside the repository the TypeScript source runs (so a stale build is never used); an installed
// package, which ships only dist/, runs the build.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const source = fileURLToPath(new URL('../src/cli/flotilla-sim.ts', import.meta.url));
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  const { run } = await import(pathToFileURL(source).href);
  await run();
} else {
  const { run } = await import(new URL('../dist/cli.js', import.meta.url).href);
  await run();
}
