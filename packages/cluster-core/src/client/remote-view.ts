import { Subscribable } from '../subscribable';
import type { ViewSpec } from './bridge-protocol';
import type { FleetView } from './fleet-client';

/** The side of the client that tells the server which views are watched. */
export interface RemoteViewHost {
  /** The first listener arrived: start receiving this view. */
  attach(view: RemoteView): void;
  /** The last listener left: stop receiving it. */
  detach(view: RemoteView): void;
}

/**
 * One subscription to a server-side view. Lazy: it asks the server for data when the first
 * listener subscribes and tells it to stop when the last one leaves. `getSnapshot()` returns the
 * same object until a message changes it.
 */
export class RemoteView<S = unknown> extends Subscribable<() => void> implements FleetView<S> {
  /** True once the server sent a full snapshot on the current connection (deltas apply to it). */
  synced = false;

  constructor(
    readonly id: string,
    readonly key: string,
    readonly spec: ViewSpec,
    private snapshot: S,
    private readonly host: RemoteViewHost,
  ) {
    super();
  }

  getSnapshot = (): S => this.snapshot;

  /** Replaces the snapshot and notifies (nothing happens when it is the same object). */
  set(snapshot: S): void {
    if (Object.is(snapshot, this.snapshot)) return;
    this.snapshot = snapshot;
    for (const listener of [...this.listeners]) listener();
  }

  protected override onSubscribe(): void {
    if (this.listeners.size === 1) this.host.attach(this as RemoteView);
  }

  protected override onUnsubscribe(): void {
    if (this.listeners.size === 0) this.host.detach(this as RemoteView);
  }
}

/** A key equal for equal specs whatever the property order, so equal queries share one view. */
export function viewKey(spec: ViewSpec): string {
  return JSON.stringify(spec, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(
          Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : value,
  );
}
