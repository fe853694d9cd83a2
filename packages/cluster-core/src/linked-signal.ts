/** A signal that follows several others, and a way to stop following them. */
export interface LinkedSignal {
  readonly signal: AbortSignal;
  /** Detaches from the source signals; call it when the operation settles. */
  release(): void;
}

/**
 * Aborts when any given signal aborts, with that signal's reason. Unlike `AbortSignal.any`, the
 * listeners are removed explicitly on `release()`: the sources are often long-lived (a session's
 * lifetime), and per-request listeners left on them would pile up for the life of the cluster.
 */
export function linkSignals(...sources: ReadonlyArray<AbortSignal | undefined>): LinkedSignal {
  const controller = new AbortController();
  const attached: AbortSignal[] = [];
  const onAbort = (event: Event) => {
    release();
    controller.abort((event.target as AbortSignal).reason);
  };
  const release = () => {
    for (const source of attached.splice(0)) source.removeEventListener('abort', onAbort);
  };
  for (const source of sources) {
    if (!source) continue;
    if (source.aborted) {
      release();
      controller.abort(source.reason);
      break;
    }
    source.addEventListener('abort', onAbort, { once: true });
    attached.push(source);
  }
  return { signal: controller.signal, release };
}
