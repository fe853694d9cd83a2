import { objectKey, type KubeObject } from './kube-object';
import type { ObjectEvent } from './watch-event';

/** What a replace or an event changed in the cache. */
export type CacheDelta<T extends KubeObject = KubeObject> =
  | { type: 'ADDED'; object: T }
  | { type: 'MODIFIED'; object: T; previous: T }
  | { type: 'DELETED'; object: T };

/**
 * The objects of one informer, keyed by `namespace/name` (client-go's Store). `replace` makes it
 * exactly a list's content and reports what that changed, so a relist after missed events turns
 * into the adds, updates and deletes that were missed. Objects are shared, not copied: treat them as
 * read-only.
 */
export class ObjectCache<T extends KubeObject = KubeObject> {
  private readonly items = new Map<string, T>();
  private version: string | null = null;

  /** The resourceVersion of the last list or event; null before the first list. */
  get resourceVersion(): string | null {
    return this.version;
  }

  get size(): number {
    return this.items.size;
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.items.get(namespace ? `${namespace}/${name}` : name);
  }

  getByKey(key: string): T | undefined {
    return this.items.get(key);
  }

  keys(): string[] {
    return [...this.items.keys()];
  }

  list(): T[] {
    return [...this.items.values()];
  }

  /** Becomes exactly `items` at `resourceVersion`; returns the differences to the previous content. */
  replace(items: readonly T[], resourceVersion: string): CacheDelta<T>[] {
    const deltas: CacheDelta<T>[] = [];
    const seen = new Set<string>();
    for (const object of items) {
      const key = objectKey(object);
      seen.add(key);
      const previous = this.items.get(key);
      if (!previous) {
        deltas.push({ type: 'ADDED', object });
      } else if (!sameVersion(previous, object)) {
        deltas.push({ type: 'MODIFIED', object, previous });
      } else {
        // Unchanged: keep the held reference, so views comparing by reference see no change.
        continue;
      }
      this.items.set(key, object);
    }
    for (const [key, object] of this.items) {
      if (seen.has(key)) continue;
      this.items.delete(key);
      deltas.push({ type: 'DELETED', object });
    }
    this.version = resourceVersion;
    return deltas;
  }

  /**
   * Applies one watch event. An ADDED for a known object is an update and a MODIFIED for an unknown
   * one an add (a resumed watch may replay what a list already showed); a replay of the version
   * already held, or a delete of an unknown object, changes nothing and returns null.
   */
  apply(event: ObjectEvent<T>): CacheDelta<T> | null {
    const { object } = event;
    const key = objectKey(object);
    const previous = this.items.get(key);
    if (object.metadata.resourceVersion) this.version = object.metadata.resourceVersion;
    if (event.type === 'DELETED') {
      if (!previous) return null;
      this.items.delete(key);
      return { type: 'DELETED', object };
    }
    if (previous && sameVersion(previous, object)) return null;
    this.items.set(key, object);
    return previous ? { type: 'MODIFIED', object, previous } : { type: 'ADDED', object };
  }
}

function sameVersion(a: KubeObject, b: KubeObject): boolean {
  const version = a.metadata.resourceVersion;
  return version !== undefined && version === b.metadata.resourceVersion;
}
