import { FlotillaError } from '../../errors';

/**
 * Checks for what a bridge client sends. Everything from the socket is untrusted: each value is
 * checked and copied field by field, so nothing unexpected reaches the fleet client.
 */

const MAX_TEXT = 1024;
const MAX_SELECTOR = 4096;
const MAX_CLUSTERS = 10_000;

/** A rejected input, named by where it came from (a method or view) and the cluster when known. */
export class InputError extends Error {
  constructor(
    readonly where: string,
    readonly detail: string,
  ) {
    super(`${where}: ${detail}`);
  }

  toFlotillaError(subject: { clusterId: string; clusterName?: string }): FlotillaError {
    return new FlotillaError({
      kind: 'invalid',
      clusterId: subject.clusterId,
      ...(subject.clusterName !== undefined ? { clusterName: subject.clusterName } : {}),
      message: this.message,
      retryable: false,
    });
  }
}

export type Check<T> = (value: unknown, where: string, field: string) => T;

const fail = (where: string, field: string, expected: string): never => {
  throw new InputError(where, `${field} must be ${expected}`);
};

export const text =
  (max = MAX_TEXT, allowEmpty = false): Check<string> =>
  (value, where, field) =>
    typeof value === 'string' && (allowEmpty || value !== '') && value.length <= max
      ? value
      : fail(where, field, `a${allowEmpty ? '' : ' non-empty'} string of at most ${max} characters`);

export const name = text();
export const selector = text(MAX_SELECTOR, true);
export const namespace = text(MAX_TEXT, true);

export const count: Check<number> = (value, where, field) =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
    ? value
    : fail(where, field, 'a whole number >= 0');

export const positive: Check<number> = (value, where, field) =>
  typeof value === 'number' && Number.isFinite(value) && value > 0
    ? value
    : fail(where, field, 'a number > 0');

export const flag: Check<boolean> = (value, where, field) =>
  typeof value === 'boolean' ? value : fail(where, field, 'true or false');

export const clusterIds: Check<string[]> = (value, where, field) => {
  if (!Array.isArray(value) || value.length > MAX_CLUSTERS)
    return fail(where, field, `an array of at most ${MAX_CLUSTERS} cluster ids`);
  return value.map((id, i) => name(id, where, `${field}[${i}]`));
};

export function record(value: unknown, where: string, field: string): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : fail(where, field, 'an object');
}

export function oneOf<T extends string>(values: readonly T[]): Check<T> {
  return (value, where, field) =>
    typeof value === 'string' && (values as readonly string[]).includes(value)
      ? (value as T)
      : fail(where, field, `one of ${values.join(', ')}`);
}

/**
 * Copies the listed fields of an object, checking each; fields not listed are dropped. A field is
 * optional when its check is wrapped in {@link optional}.
 */
export function shape<T extends object>(
  value: unknown,
  where: string,
  field: string,
  checks: { [K in keyof T]-?: Check<T[K]> },
): T {
  const source = record(value, where, field);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(checks) as Array<keyof T & string>) {
    const checked = (checks[key] as Check<unknown>)(source[key], where, `${field}.${key}`);
    if (checked !== undefined) out[key] = checked;
  }
  return out as T;
}

export function optional<T>(check: Check<T>): Check<T | undefined> {
  return (value, where, field) =>
    value === undefined || value === null ? undefined : check(value, where, field);
}
