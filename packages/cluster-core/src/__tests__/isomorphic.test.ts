import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// These primitives run in browsers too (cluster-react), so they must not reach for Node built-ins.
const ISOMORPHIC = [
  'abort-error.ts',
  'auth-recovery-scheduler.ts',
  'backoff.ts',
  'clock.ts',
  'cluster-client.ts',
  'jittered-interval.ts',
  'linked-signal.ts',
  'observed-stream.ts',
  'rate-limiter.ts',
  'retry-policy.ts',
  'subscribable.ts',
  'transport-failure-tracker.ts',
];

// Folders whose every file must stay isomorphic, checked recursively so new files are covered.
const ISOMORPHIC_DIRS = ['fleet-store', 'comparison', 'export', 'informer'];

const srcDir = fileURLToPath(new URL('..', import.meta.url));

const filesUnder = (dir: string): string[] =>
  readdirSync(`${srcDir}/${dir}`, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => `${dir}/${file}`);

describe('isomorphic primitives', () => {
  it('exist where this guard expects them', () => {
    const present = readdirSync(srcDir);
    expect(ISOMORPHIC.filter((file) => !present.includes(file))).toEqual([]);
  });

  it('folders exist where this guard expects them', () => {
    for (const dir of ISOMORPHIC_DIRS) expect(filesUnder(dir).length).toBeGreaterThan(0);
  });

  it.each([...ISOMORPHIC, ...ISOMORPHIC_DIRS.flatMap(filesUnder)])(
    '%s uses no Node built-ins or process',
    (file) => {
      const source = readFileSync(`${srcDir}/${file}`, 'utf8');
      expect(source).not.toMatch(/from\s+['"]node:/);
      expect(source).not.toMatch(/require\(/);
      expect(source).not.toMatch(/\bprocess\./);
      expect(source).not.toMatch(/\bBuffer\b/);
      expect(source).not.toMatch(/from\s+['"](fs|path|os|events|timers|util|crypto|http|https|net|tls)['"]/);
    },
  );
});
