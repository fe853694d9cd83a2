import { UsageError } from '../usage-error';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;

/**
 * Parses a duration the way kubectl's `--request-timeout` reads one: `500ms`, `5s`, `1m30s`, `2h`,
 * or a bare number of seconds. Zero and negative values are refused: a deadline of nothing is a
 * mistake, not "no deadline".
 */
export function parseDuration(text: string, flag: string): number {
  const value = text.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return positive(Number(value) * 1000, flag, text);
  let total = 0;
  let consumed = '';
  for (const match of value.matchAll(PART)) {
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
    consumed += match[0];
  }
  if (consumed === '' || consumed !== value) {
    throw new UsageError(`${flag} must be a duration such as 500ms, 5s or 1m (got "${text}")`);
  }
  return positive(total, flag, text);
}

function positive(ms: number, flag: string, text: string): number {
  const rounded = Math.round(ms);
  if (!(rounded > 0)) throw new UsageError(`${flag} must be greater than zero (got "${text}")`);
  return rounded;
}

/** A positive whole number flag (`--concurrency 8`). */
export function parsePositiveInteger(text: string, flag: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) {
    throw new UsageError(`${flag} must be a whole number of at least 1 (got "${text}")`);
  }
  return Number(text);
}

/** `1.2s`, `850ms`: how long something took, for tables. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;
}
