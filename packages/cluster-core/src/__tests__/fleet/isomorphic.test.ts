import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Fleet operations are part of the root entry, which browsers load too.
const fleetDir = fileURLToPath(new URL('../../fleet', import.meta.url));
const files = readdirSync(fleetDir).filter((file) => file.endsWith('.ts'));

describe('fleet operations are isomorphic', () => {
  it.each(files)('%s uses no Node built-ins', (file) => {
    const source = readFileSync(`${fleetDir}/${file}`, 'utf8');
    expect(source).not.toMatch(/from\s+['"]node:/);
    // `manager.require(id)` is ours; a bare `require(` is CommonJS loading.
    expect(source).not.toMatch(/(^|[^.\w])require\(/m);
    expect(source).not.toMatch(/\bprocess\./);
    expect(source).not.toMatch(/\bBuffer\b/);
    expect(source).not.toMatch(/from\s+['"]\.\.\/node\//);
  });
});
