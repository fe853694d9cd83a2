import { Subscribable } from '../subscribable';
import { decodePreference, encodePreference } from './credential-guard';

/** A change of one key; `value` is `undefined` when the key was deleted. */
export interface PreferenceChange {
  key: string;
  value: unknown;
}

export type PreferenceListener = (change: PreferenceChange) => void;

/**
 * Key/value settings of the UI and the fleet (active cluster, filters, colours …). Reads are
 * synchronous so components can read them while rendering, and a value keeps its identity until it
 * changes. Values are JSON; they are frozen when handed out. Credentials are refused (see
 * `credentialReason`): `set` throws a `config` FlotillaError for them.
 */
export interface PreferenceStore {
  get(key: string): unknown;
  /** Stores a JSON value; `undefined` deletes the key. */
  set(key: string, value: unknown): void;
  delete(key: string): void;
  /** Keys in insertion order, optionally only those starting with `prefix`. */
  keys(prefix?: string): string[];
  subscribe(listener: PreferenceListener): () => void;
}

interface Entry {
  json: string;
  value: unknown;
}

/** Preferences held in memory only (tests, server-side rendering, a fallback when storage fails). */
export class MemoryPreferenceStore extends Subscribable<PreferenceListener> implements PreferenceStore {
  protected readonly entries = new Map<string, Entry>();

  constructor(initial: Readonly<Record<string, unknown>> = {}) {
    super();
    for (const [key, value] of Object.entries(initial)) this.set(key, value);
  }

  get(key: string): unknown {
    return this.entries.get(key)?.value;
  }

  set(key: string, value: unknown): void {
    if (value === undefined) return this.delete(key);
    const json = encodePreference(key, value);
    // Same JSON: keep the old object so subscribers relying on identity see no change.
    if (this.entries.get(key)?.json === json) return;
    const stored = decodePreference(json);
    this.entries.set(key, { json, value: stored });
    this.changed({ key, value: stored });
  }

  delete(key: string): void {
    if (!this.entries.delete(key)) return;
    this.changed({ key, value: undefined });
  }

  keys(prefix = ''): string[] {
    return [...this.entries.keys()].filter((key) => key.startsWith(prefix));
  }

  /** A plain copy of every value, e.g. to persist it. */
  toJSON(): Record<string, unknown> {
    return Object.fromEntries([...this.entries].map(([key, entry]) => [key, entry.value]));
  }

  /** Loads trusted values (already stored once) without the credential check or notifications. */
  protected load(values: Readonly<Record<string, unknown>>): void {
    for (const [key, value] of Object.entries(values)) {
      const json = JSON.stringify(value);
      if (json !== undefined) this.entries.set(key, { json, value: decodePreference(json) });
    }
  }

  protected changed(change: PreferenceChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }
}
