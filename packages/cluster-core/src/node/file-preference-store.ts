import { readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { systemClock, type Clock, type TimerHandle } from '../clock';
import { FlotillaError } from '../errors';
import { MemoryPreferenceStore, type PreferenceChange } from '../preferences/preference-store';
import { writePrivateFileAtomic } from './atomic-file';
import { flotillaConfigDir } from './config-dir';
import { errnoCode } from './kubeconfig/load-kubeconfig-sources';

/** The `schemaVersion` of preference files this version reads and writes. */
export const PREFERENCES_SCHEMA_VERSION = 1;

/** What happened to a preferences file that could not be used; the store started empty. */
export interface PreferenceRecovery {
  error: FlotillaError;
  /** Where the unusable file was moved, or `null` when it could not be moved (or read). */
  movedTo: string | null;
}

export interface FilePreferenceStoreOptions {
  /** Default `$XDG_CONFIG_HOME/flotilla/preferences.json` (see `flotillaConfigDir`). */
  path?: string;
  /** Quiet time before changes are written (default 250 ms); `flush()` writes at once. */
  debounceMs?: number;
  clock?: Clock;
  onRecover?: (recovery: PreferenceRecovery) => void;
  /** A write failed; the values stay in memory and the next change tries again. */
  onError?: (error: FlotillaError) => void;
}

/** `preferences.json` in Flotilla's configuration folder (see {@link flotillaConfigDir}). */
export function defaultPreferencesPath(): string {
  return path.join(flotillaConfigDir(), 'preferences.json');
}

/**
 * Preferences in a JSON file (`{ schemaVersion: 1, values: {…} }`), read once, synchronously, when
 * the store is created, and written atomically (0600) shortly after each change. A file that is not
 * valid JSON, not of this shape, or of a newer schema is moved aside to `<file>.corrupt-<epoch ms>`
 * and reported through `onRecover` and `recovery`; the store then starts empty rather than failing.
 */
export class FilePreferenceStore extends MemoryPreferenceStore {
  readonly path: string;
  readonly recovery: PreferenceRecovery | null;
  private readonly debounceMs: number;
  private readonly clock: Clock;
  private timer: TimerHandle | null = null;
  private dirty = false;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: FilePreferenceStoreOptions = {}) {
    super();
    this.path = options.path ?? defaultPreferencesPath();
    this.debounceMs = options.debounceMs ?? 250;
    this.clock = options.clock ?? systemClock;
    this.recovery = this.readFile();
    if (this.recovery) options.onRecover?.(this.recovery);
  }

  /** Writes pending changes now; resolves once they are on disk (or the write failed and was reported). */
  flush(): Promise<void> {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
    if (!this.dirty) return this.writing;
    this.dirty = false;
    const text = `${JSON.stringify({ schemaVersion: PREFERENCES_SCHEMA_VERSION, values: this.toJSON() }, null, 2)}\n`;
    this.writing = this.writing.then(() =>
      writePrivateFileAtomic(this.path, text).catch((error: unknown) => {
        this.dirty = true;
        this.options.onError?.(
          new FlotillaError({
            kind: 'config',
            clusterId: '',
            clusterName: 'preferences',
            message: `cannot write ${this.path}: ${errnoCode(error) ?? 'unknown error'}`,
            retryable: true,
          }),
        );
      }),
    );
    return this.writing;
  }

  protected override changed(change: PreferenceChange): void {
    this.dirty = true;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => void this.flush(), this.debounceMs);
    super.changed(change);
  }

  private readFile(): PreferenceRecovery | null {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'ENOENT') return null;
      return {
        error: this.error(
          `cannot read ${this.path}: ${code ?? 'unknown error'}; starting with empty preferences`,
        ),
        movedTo: null,
      };
    }
    const problem = this.loadText(text);
    if (!problem) return null;
    const movedTo = `${this.path}.corrupt-${this.clock.now()}`;
    try {
      renameSync(this.path, movedTo);
    } catch {
      return {
        error: this.error(`${problem}; it could not be moved aside and will be overwritten`),
        movedTo: null,
      };
    }
    return { error: this.error(`${problem}; moved to ${movedTo}, starting with empty preferences`), movedTo };
  }

  /** Loads the file's values; returns what is wrong with it instead, if anything. */
  private loadText(text: string): string | null {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      return `${this.path} is not valid JSON`;
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
      return `${this.path} is not a preferences file`;
    const { schemaVersion, values } = doc as { schemaVersion?: unknown; values?: unknown };
    if (typeof schemaVersion === 'number' && schemaVersion > PREFERENCES_SCHEMA_VERSION) {
      return `${this.path} was written by a newer Flotilla (schema ${schemaVersion})`;
    }
    if (
      schemaVersion !== PREFERENCES_SCHEMA_VERSION ||
      typeof values !== 'object' ||
      values === null ||
      Array.isArray(values)
    ) {
      return `${this.path} is not a preferences file of schema ${PREFERENCES_SCHEMA_VERSION}`;
    }
    this.load(values as Record<string, unknown>);
    return null;
  }

  private error(message: string): FlotillaError {
    return new FlotillaError({ kind: 'config', clusterId: '', clusterName: 'preferences', message });
  }
}
