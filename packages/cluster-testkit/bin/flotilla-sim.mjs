#!/usr/bin/env node
// Runs the built CLI when the package is installed, the TypeScript source inside the repository.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const built = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (existsSync(built)) {
  const { run } = await import(pathToFileURL(built).href);
  await run();
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { run } = await import('../src/cli/flotilla-sim.ts');
  await run();
}
