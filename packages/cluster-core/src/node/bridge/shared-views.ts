import type { ViewSpec } from '../../client/bridge-protocol';
import type { FleetClient, FleetView } from '../../client/fleet-client';
import { viewKey } from '../../client/remote-view';
import { openView } from './view-spec';

interface Entry {
  view: FleetView<unknown>;
  holders: number;
}

/**
 * One fleet-client view per distinct spec, however many connections show it: the work behind it
 * (informers, merging) is done once, and its snapshots are the same objects for every connection,
 * so each change is serialized once.
 */
export class SharedViews {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly client: FleetClient) {}

  /** The view for `spec` and the function that gives it back; throws what the client throws. */
  acquire(spec: ViewSpec): { view: FleetView<unknown>; release: () => void } {
    const key = viewKey(spec);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { view: openView(this.client, spec), holders: 0 };
      this.entries.set(key, entry);
    }
    entry.holders++;
    const held = entry;
    let released = false;
    return {
      view: held.view,
      release: () => {
        if (released) return;
        released = true;
        if (--held.holders === 0 && this.entries.get(key) === held) this.entries.delete(key);
      },
    };
  }

  get size(): number {
    return this.entries.size;
  }
}
