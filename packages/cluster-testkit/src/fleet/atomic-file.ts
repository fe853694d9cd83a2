import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile, chmod } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';

/** Writes a file readable only by its owner (0600), atomically: readers see the old or the new content. */
export async function writePrivateFile(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(temp, content, { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, path);
}
