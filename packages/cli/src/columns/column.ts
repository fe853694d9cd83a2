import type { KubeObjectLike } from '@flotilla/cluster-core';

/** What a cell may depend on besides its object. */
export interface CellContext {
  /** Epoch ms the output is computed at (ages are relative to it). */
  now: number;
}

/** How a cell looks on a terminal: the plain text is what CSV, width and tests see. */
export type Tone = 'good' | 'warn' | 'bad' | 'dim';

/** One kubectl-like column of a kind. */
export interface Column {
  header: string;
  value(object: KubeObjectLike, context: CellContext): string;
  /** How to colour the text on a terminal; uncoloured when absent or undefined. */
  tone?(text: string, object: KubeObjectLike): Tone | undefined;
  /** Shown only with `-o wide`. */
  wide?: boolean;
}

/** The columns of one resource type, without CLUSTER and NAMESPACE (added by the table). */
export interface KindColumns {
  columns: readonly Column[];
  /**
   * A one-word state for reports (pod phase, node readiness, deployment readiness); empty when the
   * kind has none.
   */
  summary?(object: KubeObjectLike, context: CellContext): string;
}

/** `<none>`, as kubectl prints an empty field. */
export const NONE = '<none>';

export const nameColumn: Column = { header: 'NAME', value: (object) => object.metadata.name };

/** Reads a nested field of an object whose shape the server decides. */
export function field(object: unknown, ...path: string[]): unknown {
  let current: unknown = object;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function text(value: unknown, fallback = NONE): string {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fallback;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** `a=1,b=2` from a string map, or `<none>`. */
export function labelsText(value: unknown): string {
  if (typeof value !== 'object' || value === null) return NONE;
  const pairs = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`);
  return pairs.length > 0 ? pairs.join(',') : NONE;
}
