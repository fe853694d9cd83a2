/**
 * Minimal listener registry that observable core objects extend. `subscribe` is an arrow property
 * so it can be passed unbound (e.g. to React's `useSyncExternalStore`).
 */
export class Subscribable<TListener extends (...args: never[]) => void> {
  protected readonly listeners = new Set<TListener>();

  subscribe = (listener: TListener): (() => void) => {
    this.listeners.add(listener);
    this.onSubscribe();
    return () => {
      // Guard so a second call of the same unsubscribe does not fire onUnsubscribe twice.
      if (!this.listeners.delete(listener)) return;
      this.onUnsubscribe();
    };
  };

  hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  /** Hook for subclasses that start work lazily on the first listener. */
  protected onSubscribe(): void {}

  /** Hook for subclasses that stop work when the last listener leaves. */
  protected onUnsubscribe(): void {}
}
