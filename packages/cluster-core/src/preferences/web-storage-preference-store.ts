import type { FlotillaError } from '../errors';
import { Subscribable } from '../subscribable';
import { decodePreference, encodePreference, preferenceError } from './credential-guard';
import type { PreferenceChange, PreferenceListener, PreferenceStore } from './preference-store';

/** The part of the Web Storage API the store uses (`localStorage`, `sessionStorage`, or a fake). */
export interface StorageLike {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** What a `storage` event from another tab carries. */
export interface StorageEventLike {
  readonly key: string | null;
  readonly newValue: string | null;
  readonly storageArea: unknown;
}

/** `window`, or anything that dispatches `storage` events. */
export interface StorageEventSource {
  addEventListener(type: 'storage', listener: (event: StorageEventLike) => void): void;
  removeEventListener(type: 'storage', listener: (event: StorageEventLike) => void): void;
}

export interface WebStoragePreferenceStoreOptions {
  /** Listen for changes made by other tabs (pass `window`). */
  events?: StorageEventSource;
  /** A write the storage refused (quota, private mode); the value is kept for this page's lifetime. */
  onError?: (error: FlotillaError) => void;
}

/**
 * Preferences in Web Storage under `prefix`, one JSON-encoded item per key. An item that is not valid
 * JSON reads as missing; storage that throws (disabled, over quota) degrades to memory for this page.
 */
export class WebStoragePreferenceStore extends Subscribable<PreferenceListener> implements PreferenceStore {
  /** Decoded values by raw text, so a read returns the same object until the item changes. */
  private readonly cache = new Map<string, { raw: string | null; value: unknown }>();
  /** Writes the storage refused: the raw text, or `null` for a refused removal. */
  private readonly unsaved = new Map<string, string | null>();

  constructor(
    private readonly storage: StorageLike,
    private readonly prefix = 'flotilla:',
    private readonly options: WebStoragePreferenceStoreOptions = {},
  ) {
    super();
  }

  get(key: string): unknown {
    const raw = this.unsaved.has(key) ? (this.unsaved.get(key) ?? null) : this.read(this.prefix + key);
    const cached = this.cache.get(key);
    if (cached && cached.raw === raw) return cached.value;
    const value = decodePreference(raw);
    this.cache.set(key, { raw, value });
    return value;
  }

  set(key: string, value: unknown): void {
    if (value === undefined) return this.delete(key);
    const raw = encodePreference(key, value);
    if (this.rawOf(key) === raw) return;
    this.write(key, raw);
  }

  delete(key: string): void {
    if (this.rawOf(key) === null) return;
    this.write(key, null);
  }

  keys(prefix = ''): string[] {
    const keys = new Set<string>();
    try {
      for (let index = 0; index < this.storage.length; index++) {
        const item = this.storage.key(index);
        if (item?.startsWith(this.prefix)) keys.add(item.slice(this.prefix.length));
      }
    } catch {
      // Storage that cannot be enumerated lists only what this page wrote.
    }
    for (const [key, raw] of this.unsaved) {
      if (raw === null) keys.delete(key);
      else keys.add(key);
    }
    return [...keys].filter((key) => key.startsWith(prefix));
  }

  protected override onSubscribe(): void {
    if (this.listeners.size === 1) this.options.events?.addEventListener('storage', this.onStorage);
  }

  protected override onUnsubscribe(): void {
    if (this.listeners.size === 0) this.options.events?.removeEventListener('storage', this.onStorage);
  }

  private readonly onStorage = (event: StorageEventLike): void => {
    if (event.storageArea !== this.storage) return;
    if (event.key === null) {
      // `clear()` in another tab: every known key may have gone.
      for (const key of [...this.cache.keys()]) this.notify({ key, value: this.get(key) });
      return;
    }
    if (!event.key.startsWith(this.prefix)) return;
    const key = event.key.slice(this.prefix.length);
    this.unsaved.delete(key);
    this.notify({ key, value: this.get(key) });
  };

  private write(key: string, raw: string | null): void {
    try {
      if (raw === null) this.storage.removeItem(this.prefix + key);
      else this.storage.setItem(this.prefix + key, raw);
      this.unsaved.delete(key);
    } catch {
      this.unsaved.set(key, raw);
      this.options.onError?.(
        preferenceError(`the browser refused to save preference "${key}"; it lasts until the page is closed`),
      );
    }
    this.notify({ key, value: this.get(key) });
  }

  /** The current raw text of a key (`null` when absent), refreshing the cache. */
  private rawOf(key: string): string | null {
    this.get(key);
    return this.cache.get(key)?.raw ?? null;
  }

  private read(item: string): string | null {
    try {
      return this.storage.getItem(item);
    } catch {
      return null;
    }
  }

  private notify(change: PreferenceChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }
}
