/** A client that lists and watches the pods of every cluster of a fleet, as measured here. */
export interface IngestSubject {
  readonly name: string;
  /** Whether it keeps objects (heap per pod is read only for those that do). */
  readonly holdsObjects: boolean;
  /** Lists and watches every cluster; resolves once it holds every cluster's pods. */
  start(expectedPods: number, boundMs: number): Promise<void>;
  /** Pod changes ingested since start; compared before and after a burst. */
  updates(): number;
  /** Resolves true once `updates()` reached `count`, false when `boundMs` passed first. */
  waitForUpdates(count: number, boundMs: number): Promise<boolean>;
  stop(): Promise<void>;
}

/** Resolves true once `reached()` holds, checking whenever `subscribe` reports a change. */
export function waitUntil(
  reached: () => boolean,
  subscribe: (listener: () => void) => () => void,
  boundMs: number,
): Promise<boolean> {
  return new Promise((resolve) => {
    if (reached()) return resolve(true);
    const finish = (value: boolean) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(value);
    };
    const timer = setTimeout(() => finish(reached()), boundMs);
    const unsubscribe = subscribe(() => {
      if (reached()) finish(true);
    });
  });
}

/** A plain listener list for subjects that count in their own callbacks. */
export class Signal {
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
