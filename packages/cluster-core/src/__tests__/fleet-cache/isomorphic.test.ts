import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The cache and the in-process client are part of the root entry, which browsers load too.
const src = fileURLToPath(new URL('../..', import.meta.url));
const files = [
  ...readdirSync(`${src}/fleet-cache`).map((file) => `fleet-cache/${file}`),
  ...readdirSync(`${src}/client`)
    .filter((file) => !file.startsWith('remote-') && !file.startsWith('bridge-'))
    .map((file) => `client/${file}`),
].filter((file) => file.endsWith('.ts'));

describe('live views are isomorphic', () => {
  it('covers the files it should', () => {
    expect(files).toEqual(
      expect.arrayContaining(['fleet-cache/fleet-cache.ts', 'client/local-fleet-client.ts']),
    );
  });

  it.each(files)('%s uses no Node built-ins', (file) => {
    const source = readFileSync(`${src}/${file}`, 'utf8');
    expect(source).not.toMatch(/from\s+['"]node:/);
    expect(source).not.toMatch(/(^|[^.\w])require\(/m);
    expect(source).not.toMatch(/\bprocess\./);
    expect(source).not.toMatch(/\bBuffer\b/);
    expect(source).not.toMatch(/from\s+['"]\.\.\/node\//);
  });
});
