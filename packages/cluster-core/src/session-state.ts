import type { ClusterSnapshot } from './cluster-state';
import { Subscribable } from './subscribable';

type Listener = (snapshot: ClusterSnapshot) => void;

/**
 * Holds one cluster's snapshot and replaces it (never mutates it) on change, so the object stays
 * referentially stable between changes — what useSyncExternalStore needs.
 */
export class SessionState extends Subscribable<Listener> {
  private snapshot: ClusterSnapshot;

  constructor(initial: ClusterSnapshot) {
    super();
    this.snapshot = initial;
  }

  getSnapshot = (): ClusterSnapshot => this.snapshot;

  /** Applies a patch; returns the previous snapshot when something changed, otherwise null. */
  update(patch: Partial<ClusterSnapshot>): ClusterSnapshot | null {
    const previous = this.snapshot;
    let changed = false;
    for (const key of Object.keys(patch) as Array<keyof ClusterSnapshot>) {
      if (!sameValue(previous[key], patch[key])) {
        changed = true;
        break;
      }
    }
    if (!changed) return null;
    this.snapshot = { ...previous, ...patch };
    for (const listener of [...this.listeners]) listener(this.snapshot);
    return previous;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
