// How the `flotilla` executable is bundled; shared by the package build, the repository's
// source-mode cache (bin/flotilla.mjs) and the cold-start benchmark, so all three run the same code.
import { fileURLToPath } from 'node:url';

/** The executable's entry point. */
export const EXECUTABLE_ENTRY = fileURLToPath(new URL('../src/main.ts', import.meta.url));

// Bundled CommonJS dependencies (commander …) call require(); an ES module has none of its own.
const REQUIRE_SHIM =
  "import { createRequire as __flotillaCreateRequire } from 'node:module'; const require = __flotillaCreateRequire(import.meta.url);";

/**
 * node-fetch 2 (under @kubernetes/client-node) loads whatwg-url, and with it tr46's 250 KiB Unicode
 * tables, only as a fallback for Node versions without a global URL (`Url.URL || whatwgUrl.URL`). On
 * Node 20 the fallback is dead code that every start would still parse and evaluate.
 */
const nodeFetchUrlFallback = {
  name: 'node-fetch-url-fallback',
  setup(build) {
    build.onResolve({ filter: /^whatwg-url$/ }, (args) =>
      /[\\/]node-fetch[\\/]/.test(args.importer)
        ? { path: 'whatwg-url', namespace: 'flotilla-builtin-url' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'flotilla-builtin-url' }, () => ({
      contents: 'export default { URL: globalThis.URL };',
      loader: 'js',
    }));
  },
};

/**
 * One self-contained, minified ES module bundle (`flotilla.js`) with cluster-core compiled in from
 * its TypeScript source and each command in a chunk loaded on use. A bundle starts several times
 * faster than resolving the hundreds of modules of @kubernetes/client-node one by one, and cold
 * start is what `flotilla status` is measured on (`npm run bench -- status`).
 */
export async function buildExecutable(outdir) {
  const esbuild = await import('esbuild');
  return esbuild.build({
    entryPoints: { flotilla: EXECUTABLE_ENTRY },
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    splitting: true,
    minify: true,
    conditions: ['@flotilla/source'],
    banner: { js: REQUIRE_SHIM },
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
    plugins: [nodeFetchUrlFallback],
    logLevel: 'silent',
  });
}

// `node build/executable.mjs` (part of `npm run build`) writes the published executable to dist/.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildExecutable(fileURLToPath(new URL('../dist/', import.meta.url)));
}
