const SUFFIXES: Readonly<Record<string, number>> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]))?$/;

/**
 * A Kubernetes resource quantity (`3800m`, `16Gi`, `1e9`, `129M`) in base units (cores, bytes), or
 * null when it is not one.
 */
export function parseQuantity(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const match = QUANTITY.exec(value.trim());
  if (!match) return null;
  const [, digits = '', exponent, suffix = ''] = match;
  const scale = exponent !== undefined ? 10 ** Number(exponent) : (SUFFIXES[suffix] ?? 1);
  const result = Number(digits) * scale;
  return Number.isFinite(result) ? result : null;
}
