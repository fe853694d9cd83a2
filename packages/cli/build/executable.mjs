// How the `flotilla` executable is bundled; shared by the package build, the repository's
// source-mode cache (bin/flotilla.mjs) and the cold-start benchmark, so all three run the same code.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The executable's entry point. */
export const EXECUTABLE_ENTRY = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/** The bundle's file name inside the output directory (`dist/flotilla.cjs` when published). */
export const EXECUTABLE_FILE = 'flotilla.cjs';

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
 * One self-contained, minified CommonJS file (`flotilla.cjs`) with cluster-core compiled in from its
 * TypeScript source; commands are bundled as modules evaluated on first use. A bundle starts several
 * times faster than resolving the hundreds of modules of @kubernetes/client-node one by one, and a
 * CommonJS script's compiled code can be cached between runs (bin/run-bundle.mjs), which Node 20
 * cannot do for ES modules. Cold start is what `npm run bench -- status` measures.
 */
export async function buildExecutable(outdir) {
  const esbuild = await import('esbuild');
  return esbuild.build({
    entryPoints: [EXECUTABLE_ENTRY],
    outfile: path.join(outdir, EXECUTABLE_FILE),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify: true,
    conditions: ['@flotilla/source'],
    metafile: true,
    plugins: [nodeFetchUrlFallback],
    logLevel: 'silent',
  });
}

// `node build/executable.mjs` (part of `npm run build`) writes the published executable to dist/.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildExecutable(fileURLToPath(new URL('../dist/', import.meta.url)));
}
