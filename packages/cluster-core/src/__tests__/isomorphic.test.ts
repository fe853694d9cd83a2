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
  'rate-limiter.ts',
  'retry-policy.ts',
  'subscribable.ts',
  'transport-failure-tracker.ts',
];

const srcDir = fileURLToPath(new URL('..', import.meta.url));

describe('isomorphic primitives', () => {
  it('exist where this guard expects them', () => {
    const present = readdirSync(srcDir);
    expect(ISOMORPHIC.filter((file) => !present.includes(file))).toEqual([]);
  });

  it.each(ISOMORPHIC)('%s uses no Node built-ins or process', (file) => {
    const source = readFileSync(`${srcDir}/${file}`, 'utf8');
    expect(source).not.toMatch(/from\s+['"]node:/);
    expect(source).not.toMatch(/require\(/);
    expect(source).not.toMatch(/\bprocess\./);
    expect(source).not.toMatch(/\bBuffer\b/);
    expect(source).not.toMatch(/from\s+['"](fs|path|os|events|timers|util|crypto|http|https|net|tls)['"]/);
  });
});
