import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildExecutable } from '../../../packages/cli/build/executable.mjs';

const BIN_DIR = fileURLToPath(new URL('../../../packages/cli/bin/', import.meta.url));

export interface InstalledExecutable {
  /** `bin/flotilla.mjs` of the installed layout: it finds no sources and runs `dist/flotilla.cjs`. */
  bin: string;
  /** Bytes of the bundle and its chunks. */
  bytes: number;
}

/**
 * Lays the CLI out in `dir` as an installed package has it (bin/ and dist/, no src/), built by the
 * same function as `npm run build`, so the measured start is the one users get.
 */
export async function installExecutable(dir: string): Promise<InstalledExecutable> {
  await buildExecutable(join(dir, 'dist'));
  await mkdir(join(dir, 'bin'), { recursive: true });
  for (const name of await readdir(BIN_DIR)) await copyFile(join(BIN_DIR, name), join(dir, 'bin', name));
  return { bin: join(dir, 'bin', 'flotilla.mjs'), bytes: await sizeOf(join(dir, 'dist')) };
}

async function sizeOf(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? await sizeOf(path) : (await stat(path)).size;
  }
  return total;
}
