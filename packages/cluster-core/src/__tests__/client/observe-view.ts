import type { FleetView } from '../../client/fleet-client';

/** A subscription to a view that a test can wait on: every wait is bounded and says what it saw. */
export interface ObservedView<S> {
  readonly current: S;
  /** How many notifications arrived so far. */
  readonly notifications: number;
  until(predicate: (snapshot: S) => boolean, what: string, timeoutMs?: number): Promise<S>;
  close(): void;
}

export function observe<S>(
  view: FleetView<S>,
  describe: (snapshot: S) => unknown = (s) => s,
): ObservedView<S> {
  const waiters = new Set<() => void>();
  let notifications = 0;
  const off = view.subscribe(() => {
    notifications++;
    for (const waiter of [...waiters]) waiter();
  });
  return {
    get current() {
      return view.getSnapshot();
    },
    get notifications() {
      return notifications;
    },
    until(predicate, what, timeoutMs = 15_000) {
      return new Promise<S>((resolve, reject) => {
        const check = () => {
          const snapshot = view.getSnapshot();
          if (!predicate(snapshot)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(snapshot);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          const seen = JSON.stringify(describe(view.getSnapshot()));
          reject(new Error(`no ${what} within ${timeoutMs} ms; last seen: ${seen.slice(0, 2000)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: off,
  };
}
