import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import Module from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const RUN_BUNDLE = fileURLToPath(new URL('../../bin/run-bundle.mjs', import.meta.url));
const NODE_HAS_COMPILE_CACHE =
  typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flotilla-run-bundle-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `runBundle(bundle, privateDir(cache))` in a fresh Node process, as bin/flotilla.mjs does. */
async function runInChild(
  bundle: string,
  cache: string,
  args: string[] = [],
): Promise<{ code: number; stdout: string }> {
  const launcher = join(dir, 'launcher.mjs');
  await writeFile(
    launcher,
    `import { privateDir, runBundle } from ${JSON.stringify(RUN_BUNDLE)};\nrunBundle(process.env.BUNDLE, privateDir(process.env.CACHE));\n`,
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [launcher, ...args],
      { env: { ...process.env, BUNDLE: bundle, CACHE: cache } },
      (error, stdout) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }),
    );
  });
}

describe('running the bundled executable with a compile cache', () => {
  it('runs a CommonJS bundle as the main program and caches its compiled code once per command', async () => {
    const bundle = join(dir, 'bundle.cjs');
    await writeFile(
      bundle,
      "const path = require('node:path'); module.exports.ok = true; console.log(path.basename(__filename), path.basename(__dirname), process.argv.slice(2).join(' '));",
    );
    const cache = join(dir, 'cache');
    const first = await runInChild(bundle, cache, ['status', '-o', 'json']);
    expect(first).toEqual({ code: 0, stdout: `bundle.cjs ${dir.split('/').pop()} status -o json\n` });
    expect((await stat(cache)).mode & 0o777).toBe(0o700);
    // Node 22.1+ keeps the cache itself, in its own layout.
    if (NODE_HAS_COMPILE_CACHE) return;
    const files = await readdir(cache);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{32}-status\.v8$/);
    const written = await stat(join(cache, files[0] as string));
    expect(written.mode & 0o777).toBe(0o600);

    // Accepted on the next run of the same command: not written again.
    expect((await runInChild(bundle, cache, ['status'])).code).toBe(0);
    expect((await stat(join(cache, files[0] as string))).mtimeMs).toBe(written.mtimeMs);
    // Another command compiles other code: a cache of its own.
    expect((await runInChild(bundle, cache, ['get', 'pods'])).code).toBe(0);
    expect((await readdir(cache)).sort()).toEqual([files[0], files[0]?.replace('-status', '-get')].sort());
  }, 30_000);

  it('runs without a cache where the directory is not private', async () => {
    const shared = join(dir, 'shared');
    await mkdir(shared);
    await chmod(shared, 0o777);
    const bundle = join(dir, 'plain.cjs');
    await writeFile(bundle, "console.log('ran');");
    expect(await runInChild(bundle, shared)).toEqual({ code: 0, stdout: 'ran\n' });
    expect(await readdir(shared)).toEqual([]);
  }, 30_000);
});
