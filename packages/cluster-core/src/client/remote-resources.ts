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
  const present = new Set<string>();
  for (const item of previous.items) present.add(keyOf(item));

  const removed = new Set<string>();
  for (const key of delta.removes) {
    const text = itemKeyString(key);
    if (!present.has(text)) return null;
    removed.add(text);
  }
  const updated = new Map<string, FleetStoreItem>();
  for (const item of delta.updates) {
    const text = keyOf(item);
    if (!present.has(text) || removed.has(text)) return null;
    updated.set(text, item);
  }
  const groups = new Map<string | null, readonly FleetStoreItem[]>();
  for (const { after, items } of delta.inserts) {
    const text = after === null ? null : itemKeyString(after);
    if (text !== null && (!present.has(text) || removed.has(text))) return null;
    groups.set(text, items);
  }

  const items: FleetStoreItem[] = [...(groups.get(null) ?? [])];
  for (const item of previous.items) {
    const key = keyOf(item);
    if (removed.has(key)) continue;
    items.push(updated.get(key) ?? item);
    const group = groups.get(key);
    // A loop, not push(...group): spreading a large group would overflow the argument limit.
    if (group) for (const inserted of group) items.push(inserted);
  }
  return {
    query: previous.query,
    items,
    clusters: delta.clusters,
    partial: delta.partial,
    loaded: delta.loaded,
  };
}
