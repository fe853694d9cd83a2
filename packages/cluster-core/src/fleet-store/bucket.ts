import type { FleetStoreItem, KubeObjectLike, SyncState } from './types';

/** A label value's holders: one item directly (the common case for unique values) or a set. */
type Holders = FleetStoreItem | Set<FleetStoreItem>;

/**
 * The objects of one cluster × kind with their namespace and label indexes. Keys are the object's
 * own namespace and name strings, nested rather than concatenated, so storing an item allocates no
 * key strings.
 */
export class Bucket {
  readonly byNamespace = new Map<string, Map<string, FleetStoreItem>>();
  private readonly labels = new Map<string, Map<string, Holders>>();
  size = 0;
  sync: SyncState;

  constructor(
    readonly clusterId: string,
    readonly kind: string,
    sync: SyncState,
  ) {
    this.sync = sync;
  }

  get(namespace: string, name: string): FleetStoreItem | undefined {
    return this.byNamespace.get(namespace)?.get(name);
  }

  /** Stores `item`, replacing `previous` (which must be the item currently under the same key). */
  set(item: FleetStoreItem, previous: FleetStoreItem | undefined): void {
    const metadata = item.object.metadata;
    const namespace = metadata.namespace ?? '';
    let names = this.byNamespace.get(namespace);
    if (!names) this.byNamespace.set(namespace, (names = new Map()));
    names.set(metadata.name, item);
    if (previous) this.unindexLabels(previous);
    else this.size++;
    this.indexLabels(item);
  }

  delete(namespace: string, name: string): FleetStoreItem | undefined {
    const names = this.byNamespace.get(namespace);
    const item = names?.get(name);
    if (!names || !item) return undefined;
    names.delete(name);
    if (names.size === 0) this.byNamespace.delete(namespace);
    this.unindexLabels(item);
    this.size--;
    return item;
  }

  *items(namespaces?: ReadonlySet<string>): IterableIterator<FleetStoreItem> {
    if (!namespaces) {
      for (const names of this.byNamespace.values()) yield* names.values();
      return;
    }
    for (const namespace of namespaces) {
      const names = this.byNamespace.get(namespace);
      if (names) yield* names.values();
    }
  }

  /** Items whose label `key` has one of `values`, straight from the index. */
  *withLabel(key: string, values: readonly string[]): IterableIterator<FleetStoreItem> {
    const byValue = this.labels.get(key);
    if (!byValue) return;
    for (const value of new Set(values)) {
      const holders = byValue.get(value);
      if (holders instanceof Set) yield* holders;
      else if (holders) yield holders;
    }
  }

  /** How many items the index holds for `key` in `values`; lets a query pick the narrowest index. */
  countWithLabel(key: string, values: readonly string[]): number {
    const byValue = this.labels.get(key);
    let count = 0;
    for (const value of values) {
      const holders = byValue?.get(value);
      count += holders instanceof Set ? holders.size : holders ? 1 : 0;
    }
    return count;
  }

  labelValues(key: string): IterableIterator<string> | undefined {
    return this.labels.get(key)?.keys();
  }

  private indexLabels(item: FleetStoreItem<KubeObjectLike>): void {
    const labels = item.object.metadata.labels;
    if (!labels) return;
    for (const key in labels) {
      const value = labels[key] as string;
      let byValue = this.labels.get(key);
      if (!byValue) this.labels.set(key, (byValue = new Map()));
      const holders = byValue.get(value);
      if (holders === undefined) byValue.set(value, item);
      else if (holders instanceof Set) holders.add(item);
      else byValue.set(value, new Set([holders, item]));
    }
  }

  private unindexLabels(item: FleetStoreItem<KubeObjectLike>): void {
    const labels = item.object.metadata.labels;
    if (!labels) return;
    for (const key in labels) {
      const value = labels[key] as string;
      const byValue = this.labels.get(key);
      const holders = byValue?.get(value);
      if (!byValue || holders === undefined) continue;
      if (holders instanceof Set) {
        holders.delete(item);
        if (holders.size === 1) byValue.set(value, holders.values().next().value as FleetStoreItem);
      } else if (holders === item) {
        byValue.delete(value);
        if (byValue.size === 0) this.labels.delete(key);
      }
    }
  }
}
