#!/usr/bin/env node
// Inside the repository the TypeScript source runs (so a stale build is never used); an installed
// package, which ships only dist/, runs the bundled build.
import { existsSync } from 'node:fs';
import { register } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const source = fileURLToPath(new URL('../src/main.ts', import.meta.url));
if (existsSync(source)) {
  // Workspace packages resolve each other's TypeScript source through this export condition.
  register(
    `data:text/javascript,${encodeURIComponent(
      "export function resolve(specifier, context, next) { return next(specifier, context.conditions.includes('@flotilla/source') ? context : { ...context, conditions: ['@flotilla/source', ...context.conditions] }); }",
    )}`,
  );
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx();
  await import(pathToFileURL(source).href);
} else {
  await import(new URL('../dist/flotilla.js', import.meta.url).href);
}
