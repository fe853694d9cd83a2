import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type GcFunction = () => void;

let resolved: { fn: GcFunction | undefined; mode: 'expose-gc' | 'v8-flag' | 'unavailable' } | undefined;

/**
 * `npm run bench` starts tsx without `--expose-gc` (and vitest workers never have it), so when the
 * global is missing the flag is switched on at run time and `gc` is taken from a fresh context.
 */
function resolve(): NonNullable<typeof resolved> {
  if (resolved) return resolved;
  const global = (globalThis as { gc?: GcFunction }).gc;
  if (typeof global === 'function') return (resolved = { fn: global, mode: 'expose-gc' });
  try {
    setFlagsFromString('--expose-gc');
    const fromContext: unknown = runInNewContext('gc');
    if (typeof fromContext === 'function')
      return (resolved = { fn: fromContext as GcFunction, mode: 'v8-flag' });
  } catch {
    // Some embedders forbid changing V8 flags; memory figures then include garbage.
  }
  return (resolved = { fn: undefined, mode: 'unavailable' });
}

export function gcMode(): 'expose-gc' | 'v8-flag' | 'unavailable' {
  return resolve().mode;
}

/** Full collections, twice, because weak references and finalizers free more on the second pass. */
export function collectGarbage(): void {
  const { fn } = resolve();
  fn?.();
  fn?.();
}
