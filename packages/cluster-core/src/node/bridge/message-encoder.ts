import type { FleetResourcesSnapshot } from '../../client/fleet-client';
import { resourcesDelta } from './resource-delta';

/**
 * Serializes view messages once per snapshot (or per pair of snapshots, for deltas) however many
 * connections watch the same view: snapshots are immutable and shared, so a WeakMap keyed by them
 * is both the cache and its eviction.
 */
export class MessageEncoder {
  private readonly snapshots = new WeakMap<object, string>();
  private readonly deltas = new WeakMap<object, { next: object; json: string | null }>();

  /** The `view` message carrying `snapshot` whole. */
  viewSnapshot(id: string, snapshot: unknown): string {
    return `{"type":"view","id":${JSON.stringify(id)},"snapshot":${this.json(snapshot)}}`;
  }

  /**
   * The `view` message taking a client from `previous` to `next`: a delta for resource views when
   * one fits, else the whole snapshot.
   */
  viewUpdate(id: string, isResources: boolean, previous: unknown, next: unknown): string {
    if (isResources && previous && typeof previous === 'object' && next && typeof next === 'object') {
      let cached = this.deltas.get(previous);
      if (cached?.next !== next) {
        const delta = resourcesDelta(previous as FleetResourcesSnapshot, next as FleetResourcesSnapshot);
        cached = { next, json: delta ? JSON.stringify(delta) : null };
        this.deltas.set(previous, cached);
      }
      if (cached.json !== null) return `{"type":"view","id":${JSON.stringify(id)},"delta":${cached.json}}`;
    }
    return this.viewSnapshot(id, next);
  }

  private json(value: unknown): string {
    if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
    let json = this.snapshots.get(value);
    if (json === undefined) this.snapshots.set(value, (json = JSON.stringify(value)));
    return json;
  }
}
