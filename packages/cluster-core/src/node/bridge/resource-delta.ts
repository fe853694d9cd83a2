import { itemKeyOf, itemKeyString, type ItemKey, type ResourcesDelta } from '../../client/bridge-protocol';
import type { FleetResourcesSnapshot } from '../../client/fleet-client';
import type { FleetStoreItem } from '../../fleet-store/types';

// Items are immutable and survive from snapshot to snapshot, so each one's key is built once.
const keys = new WeakMap<FleetStoreItem, string>();

function keyOf(item: FleetStoreItem): string {
  let key = keys.get(item);
  if (key === undefined) keys.set(item, (key = itemKeyString(itemKeyOf(item))));
  return key;
}

// The identity set of a snapshot is needed twice: as `next` of one delta and `previous` of the next.
const identities = new WeakMap<FleetResourcesSnapshot, Set<FleetStoreItem>>();

function identityOf(snapshot: FleetResourcesSnapshot): Set<FleetStoreItem> {
  let set = identities.get(snapshot);
  if (!set) identities.set(snapshot, (set = new Set(snapshot.items)));
  return set;
}

/**
 * The delta from `previous` to `next`, or null when a full snapshot is the better message: items
 * moved relative to each other, an item repeats, or more than half the view changed.
 *
 * Unchanged items are the same objects in both snapshots (the store replaces, never mutates), so
 * the work is two identity sets plus keys for the changed items only: cheap at 100k items. Keys
 * are unique within a snapshot (the fleet store's identity of an object); only changed items'
 * keys are checked against each other.
 */
export function resourcesDelta(
  previous: FleetResourcesSnapshot,
  next: FleetResourcesSnapshot,
): ResourcesDelta | null {
  const before = previous.items;
  const after = next.items;
  const budget = Math.max(16, after.length / 2);
  const kept = identityOf(previous);
  const present = identityOf(next);
  if (kept.size !== before.length || present.size !== after.length) return null;

  // Items of `previous` no longer there as such (removed, or replaced by an update), by key.
  const gone = new Map<string, FleetStoreItem>();
  for (const item of before) {
    if (present.has(item)) continue;
    const key = keyOf(item);
    if (gone.has(key) || gone.size >= budget) return null;
    gone.set(key, item);
  }
  // Items of `next` that are new objects (inserted, or the new version of an update), by key.
  const fresh = new Map<string, FleetStoreItem>();
  for (const item of after) {
    if (kept.has(item)) continue;
    const key = keyOf(item);
    if (fresh.has(key) || fresh.size >= budget) return null;
    fresh.set(key, item);
  }

  const removes: ItemKey[] = [];
  for (const [key, item] of gone) if (!fresh.has(key)) removes.push(itemKeyOf(item));
  const updates: FleetStoreItem[] = [];
  const inserts: Array<{ after: ItemKey | null; items: FleetStoreItem[] }> = [];

  // Walk both lists over the items that survive (same object, or updated in place): they must
  // pair up in the same order, else something moved and a delta cannot say so.
  let cursor = 0;
  const nextSurvivorOfPrevious = (): FleetStoreItem | undefined => {
    while (cursor < before.length) {
      const item = before[cursor++] as FleetStoreItem;
      if (present.has(item) || fresh.has(keyOf(item))) return item;
    }
    return undefined;
  };
  let anchor: FleetStoreItem | null = null;
  let group: { after: ItemKey | null; items: FleetStoreItem[] } | null = null;
  for (const item of after) {
    const isNew = !kept.has(item);
    const replaced = isNew ? gone.get(keyOf(item)) : undefined;
    if (isNew && !replaced) {
      if (!group) inserts.push((group = { after: anchor ? itemKeyOf(anchor) : null, items: [] }));
      group.items.push(item);
      continue;
    }
    const counterpart = nextSurvivorOfPrevious();
    if (counterpart !== (replaced ?? item)) return null;
    if (replaced) updates.push(item);
    anchor = item;
    group = null;
  }
  return { removes, updates, inserts, clusters: next.clusters, partial: next.partial, loaded: next.loaded };
}
