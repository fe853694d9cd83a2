import { Subscribable } from '../subscribable';
import type { FleetView } from './fleet-client';

/** The views a client started, so that closing the client stops every one of them. */
export class ViewTracker {
  readonly running = new Set<LazyView<unknown>>();
  /** Once the client is closed, no view of it starts again. */
  closed = false;

  close(): void {
    this.closed = true;
    for (const view of [...this.running]) view.close();
  }
}

/**
 * A view that works only while someone listens: `start()` on the first subscriber, `stop()` when
 * the last one leaves (TanStack Query's observer lifecycle). A closed view stays stopped.
 */
export abstract class LazyView<S> extends Subscribable<() => void> implements FleetView<S> {
  private started = false;
  private closed = false;

  constructor(private readonly tracker: ViewTracker) {
    super();
  }

  abstract getSnapshot: () => S;

  /** Stops the view for good (the client is closing). */
  close(): void {
    this.closed = true;
    this.listeners.clear();
    this.halt();
  }

  protected get isStarted(): boolean {
    return this.started;
  }

  protected abstract start(): void;
  protected abstract stop(): void;

  protected notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  protected override onSubscribe(): void {
    if (this.started || this.closed || this.tracker.closed) return;
    this.started = true;
    this.tracker.running.add(this as LazyView<unknown>);
    this.start();
  }

  protected override onUnsubscribe(): void {
    if (!this.hasListeners()) this.halt();
  }

  private halt(): void {
    if (!this.started) return;
    this.started = false;
    this.tracker.running.delete(this as LazyView<unknown>);
    this.stop();
  }
}

/** A view whose state never changes (the in-process link is always open). */
export function constantView<S>(snapshot: S): FleetView<S> {
  return { getSnapshot: () => snapshot, subscribe: () => () => undefined };
}
