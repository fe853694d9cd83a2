import type { FleetStoreItem } from '../fleet-store/types';
import { itemKeyOf, itemKeyString, type ResourcesDelta } from './bridge-protocol';
import type { FleetResourcesSnapshot, ResourceQuery } from './fleet-client';

// Items that survive a delta keep their identity, so their key is computed once.
const keys = new WeakMap<FleetStoreItem, string>();

function keyOf(item: FleetStoreItem): string {
  let key = keys.get(item);
  if (key === undefined) keys.set(item, (key = itemKeyString(itemKeyOf(item))));
  return key;
}

/** What a resource view shows before the server has sent anything for it. */
export function pendingResources(query: ResourceQuery): FleetResourcesSnapshot {
  return { query, items: [], clusters: [], partial: true, loaded: false };
}

/**
 * Applies a delta to the snapshot it was computed from. Returns null when the delta does not fit
 * (an unknown key): the caller then asks the server for a full snapshot instead of showing a
 * wrong list.
 */
export function applyResourcesDelta(
  previous: FleetResourcesSnapshot,
  delta: ResourcesDelta,
): FleetResourcesSnapshot | null {
  const removed = new Set(delta.removes.map(itemKeyString));
  const updated = new Map(delta.updates.map((item) => [keyOf(item), item]));
  const groups = new Map<string | null, readonly FleetStoreItem[]>();
  for (const { after, items } of delta.inserts)
    groups.set(after === null ? null : itemKeyString(after), items);
  const head = groups.get(null);
  groups.delete(null);
  // Every key the delta names must be met exactly once on the way; anything else means the two
  // sides disagree about what the client holds.
  const expected = removed.size + updated.size + groups.size;
  let met = 0;

  const items: FleetStoreItem[] = head ? [...head] : [];
  for (const item of previous.items) {
    const key = keyOf(item);
    if (removed.has(key)) {
      met++;
      continue;
    }
    const replacement = updated.get(key);
    if (replacement) met++;
    items.push(replacement ?? item);
    const group = groups.get(key);
    if (!group) continue;
    met++;
    groups.delete(key);
    // A loop, not push(...group): spreading a large group would overflow the argument limit.
    for (const inserted of group) items.push(inserted);
  }
  if (met !== expected) return null;
  return {
    query: previous.query,
    items,
    clusters: delta.clusters,
    partial: delta.partial,
    loaded: delta.loaded,
  };
}
