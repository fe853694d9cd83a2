#!/usr/bin/env node
// An installed package, which ships only dist/, runs the bundled build. Inside the repository the
// TypeScript sources run, so a stale build is never used: bundled into a cache that is rebuilt
// whenever a source changed (fast start), or through a TypeScript loader when that cannot be done
// or FLOTILLA_RUN_SOURCE=tsx asks for it (readable stack traces).
import { existsSync } from 'node:fs';
import { register } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { privateDir, runBundle, userCacheDir } from './run-bundle.mjs';

const source = fileURLToPath(new URL('../src/main.ts', import.meta.url));

async function runSourceWithLoader() {
  // Workspace packages resolve each other's TypeScript source through this export condition.
  register(
    `data:text/javascript,${encodeURIComponent(
      "export function resolve(specifier, context, next) { return next(specifier, context.conditions.includes('@flotilla/source') ? context : { ...context, conditions: ['@flotilla/source', ...context.conditions] }); }",
    )}`,
  );
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx();
  await import(pathToFileURL(source).href);
}

if (!existsSync(source)) {
  runBundle(fileURLToPath(new URL('../dist/flotilla.cjs', import.meta.url)), userCacheDir());
} else if (process.env.FLOTILLA_RUN_SOURCE === 'tsx') {
  await runSourceWithLoader();
} else {
  const { COMPILE_CACHE, freshExecutable } = await import('../build/source-cache.mjs');
  const bundle = await freshExecutable();
  if (bundle) runBundle(bundle, privateDir(COMPILE_CACHE));
  else await runSourceWithLoader();
}
