import type { KubeObject } from '../api/types';

export interface StoreEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
  /** The object before a modification or deletion; selectors need it to turn edits into ADDED/DELETED. */
  previous?: KubeObject;
  resourceVersion: number;
}

/**
 * A bounded window of change events for one resource type. A watch may resume from any
 * resourceVersion at or after `oldest`; anything older was compacted and must relist (410 Expired).
 */
export class EventHistory {
  private events: StoreEvent[] = [];
  private start = 0;
  /** The newest resourceVersion whose following events are all still held. */
  private floor: number;

  constructor(
    private readonly capacity: number,
    createdAt: number,
  ) {
    this.floor = createdAt;
  }

  get oldest(): number {
    return this.floor;
  }

  push(event: StoreEvent): void {
    this.events.push(event);
    if (this.events.length - this.start > this.capacity) {
      const dropped = this.events[this.start] as StoreEvent;
      this.floor = dropped.resourceVersion;
      this.start++;
      // Reclaim the dead prefix now and then instead of shifting on every push.
      if (this.start > this.capacity) {
        this.events = this.events.slice(this.start);
        this.start = 0;
      }
    }
  }

  since(resourceVersion: number): StoreEvent[] | 'expired' {
    if (resourceVersion < this.floor) return 'expired';
    const out: StoreEvent[] = [];
    for (let i = this.start; i < this.events.length; i++) {
      const event = this.events[i] as StoreEvent;
      if (event.resourceVersion > resourceVersion) out.push(event);
    }
    return out;
  }

  compact(revision: number): void {
    this.events = [];
    this.start = 0;
    this.floor = revision;
  }
}
