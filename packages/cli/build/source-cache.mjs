// Inside the repository `flotilla` runs what the TypeScript sources say now, never a stale build:
// the sources are bundled like the published executable, into a cache that is rebuilt as soon as
// any file that went into it (our sources, cluster-core's, a dependency) is newer than the bundle.
// Starting from a bundle takes a fraction of a second; loading the sources module by module
// through a TypeScript loader takes seconds, mostly in @kubernetes/client-node.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXECUTABLE_FILE } from './executable.mjs';

const CACHE = fileURLToPath(new URL('../node_modules/.cache/flotilla-executable/', import.meta.url));
const POINTER = path.join(CACHE, 'current.json');
const KEEP_BUILDS = 3;

/** Where the compiled code of cached bundles is kept (see bin/run-bundle.mjs). */
export const COMPILE_CACHE = path.join(CACHE, 'v8');

/** The entry of an up-to-date bundle of the sources, built now if needed; null if it cannot be built. */
export async function freshExecutable() {
  const current = await readPointer();
  if (current && (await upToDate(current))) return path.join(CACHE, current.build, EXECUTABLE_FILE);
  try {
    return await rebuild();
  } catch {
    return null;
  }
}

async function readPointer() {
  try {
    return JSON.parse(await readFile(POINTER, 'utf8'));
  } catch {
    return null;
  }
}

async function upToDate(pointer) {
  try {
    const times = await Promise.all(pointer.inputs.map(async (file) => (await stat(file)).mtimeMs));
    return times.every((mtime) => mtime <= pointer.builtAt);
  } catch {
    return false;
  }
}

async function rebuild() {
  const { buildExecutable } = await import('./executable.mjs');
  // Builds never move once written (a running process may still be reading its own); a pointer file
  // names the current one and is replaced atomically.
  const build = `build-${Date.now()}-${randomBytes(4).toString('hex')}`;
  const builtAt = Date.now();
  const result = await buildExecutable(path.join(CACHE, build));
  // Files only: modules a build plugin made up have no file to watch.
  const inputs = Object.keys(result.metafile.inputs)
    .map((file) => path.resolve(file))
    .filter((file) => existsSync(file));
  const temp = `${POINTER}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, JSON.stringify({ build, builtAt, inputs }));
  await rename(temp, POINTER);
  await prune(build);
  return path.join(CACHE, build, EXECUTABLE_FILE);
}

async function prune(keep) {
  const builds = (await readdir(CACHE)).filter((name) => name.startsWith('build-') && name !== keep).sort();
  for (const name of builds.slice(0, Math.max(0, builds.length - (KEEP_BUILDS - 1)))) {
    await rm(path.join(CACHE, name), { recursive: true, force: true });
  }
}

await mkdir(CACHE, { recursive: true });
