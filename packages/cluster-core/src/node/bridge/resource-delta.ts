import { itemKeyOf, itemKeyString, type ItemKey, type ResourcesDelta } from '../../client/bridge-protocol';
import type { FleetResourcesSnapshot } from '../../client/fleet-client';
import type { FleetStoreItem } from '../../fleet-store/types';

interface Indexed {
  keys: string[];
  positions: Map<string, number>;
}

// Snapshots are immutable and shared by every connection watching the same view, so their key
// index is computed once.
const indexes = new WeakMap<FleetResourcesSnapshot, Indexed>();

function indexOf(snapshot: FleetResourcesSnapshot): Indexed | null {
  let indexed = indexes.get(snapshot);
  if (!indexed) {
    const keys = snapshot.items.map((item) => itemKeyString(itemKeyOf(item)));
    const positions = new Map<string, number>();
    keys.forEach((key, i) => positions.set(key, i));
    indexed = { keys, positions };
    indexes.set(snapshot, indexed);
  }
  // Duplicate keys would make a delta ambiguous.
  return indexed.positions.size === indexed.keys.length ? indexed : null;
}

/**
 * The delta from `previous` to `next`, or null when a full snapshot is the better message: items
 * moved relative to each other, keys repeat, or more than half the view changed.
 */
export function resourcesDelta(
  previous: FleetResourcesSnapshot,
  next: FleetResourcesSnapshot,
): ResourcesDelta | null {
  const before = indexOf(previous);
  const after = indexOf(next);
  if (!before || !after) return null;
  const budget = Math.max(16, next.items.length / 2);

  const removes: ItemKey[] = [];
  previous.items.forEach((item, i) => {
    if (!after.positions.has(before.keys[i] as string)) removes.push(itemKeyOf(item));
  });
  if (removes.length > budget) return null;

  const updates: FleetStoreItem[] = [];
  const inserts: Array<{ after: ItemKey | null; items: FleetStoreItem[] }> = [];
  let anchor: ItemKey | null = null;
  let group: { after: ItemKey | null; items: FleetStoreItem[] } | null = null;
  let lastPosition = -1;
  let changes = removes.length;
  for (let i = 0; i < next.items.length; i++) {
    const item = next.items[i] as FleetStoreItem;
    const position = before.positions.get(after.keys[i] as string);
    if (position === undefined) {
      if (!group) inserts.push((group = { after: anchor, items: [] }));
      group.items.push(item);
    } else {
      if (position < lastPosition) return null;
      lastPosition = position;
      if (previous.items[position] !== item) updates.push(item);
      anchor = itemKeyOf(item);
      group = null;
      continue;
    }
    if (++changes > budget) return null;
  }
  if (changes + updates.length > budget) return null;
  return { removes, updates, inserts, clusters: next.clusters, partial: next.partial, loaded: next.loaded };
}
