import { FlotillaError, type FlotillaErrorKind, type KubeStatus } from '../../errors';
import type { KubeObject } from '../../informer/kube-object';
import type {
  ListWatcher,
  ObjectList,
  ReflectorListOptions,
  ReflectorWatchOptions,
  WatchConnection,
} from '../../informer/list-watcher';

export const failure = (kind: FlotillaErrorKind, extra: { status?: number; statusBody?: KubeStatus } = {}) =>
  new FlotillaError({ kind, clusterId: 'c1', clusterName: 'one', message: `simulated ${kind}`, ...extra });

export const gone = () =>
  failure('invalid', { status: 410, statusBody: { kind: 'Status', code: 410, reason: 'Expired' } });

export const pod = (name: string, resourceVersion: string, namespace = 'default'): KubeObject => ({
  kind: 'Pod',
  metadata: { name, namespace, resourceVersion },
});

export const line = (type: string, object: unknown) => JSON.stringify({ type, object });

/** A watch the test writes to; ends when closed or when the reflector's signal aborts. */
export class FakeWatch implements WatchConnection {
  closed = false;
  private readonly queue: Array<string | FlotillaError | null> = [];
  private wake: (() => void) | null = null;

  constructor(
    readonly options: ReflectorWatchOptions,
    readonly signal: AbortSignal,
  ) {
    signal.addEventListener('abort', () => this.close(), { once: true });
  }

  send(...lines: string[]): void {
    this.queue.push(...lines);
    this.notify();
  }

  /** Ends the stream as a server does: cleanly. */
  end(): void {
    this.queue.push(null);
    this.notify();
  }

  fail(error: FlotillaError): void {
    this.queue.push(error);
    this.notify();
  }

  close(): void {
    this.closed = true;
    this.notify();
  }

  async *lines(): AsyncGenerator<string> {
    for (;;) {
      if (this.closed) return;
      const next = this.queue.shift();
      if (next === undefined) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      if (next === null) return;
      if (next instanceof FlotillaError) throw next;
      yield next;
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}

type ListAnswer = ObjectList | FlotillaError | 'hang';
type WatchAnswer = FlotillaError | 'hang' | undefined;

/**
 * A scripted cluster collection: `objects` is the server's state, served in pages; scripted answers
 * (errors, hangs) take precedence, one per call. Hung calls settle only when their signal aborts.
 */
export class FakeListWatcher implements ListWatcher {
  objects: KubeObject[] = [];
  resourceVersion = '100';
  readonly lists: Array<{ options: ReflectorListOptions; signal: AbortSignal }> = [];
  readonly watches: FakeWatch[] = [];
  readonly watchSignals: AbortSignal[] = [];
  readonly listAnswers: ListAnswer[] = [];
  readonly watchAnswers: WatchAnswer[] = [];

  get lastWatch(): FakeWatch {
    const watch = this.watches.at(-1);
    if (!watch) throw new Error('no watch opened yet');
    return watch;
  }

  list(options: ReflectorListOptions, signal: AbortSignal): Promise<ObjectList> {
    this.lists.push({ options, signal });
    const answer = this.listAnswers.shift();
    if (answer === 'hang') return hang(signal);
    if (answer instanceof FlotillaError) return Promise.reject(answer);
    if (answer) return Promise.resolve(answer);
    const start = options.continue ? Number(options.continue) : 0;
    const limit = options.limit ?? this.objects.length;
    const items = this.objects.slice(start, start + limit);
    const next = start + limit < this.objects.length ? String(start + limit) : undefined;
    return Promise.resolve({
      metadata: { resourceVersion: this.resourceVersion, ...(next ? { continue: next } : {}) },
      items,
    });
  }

  watch(options: ReflectorWatchOptions, signal: AbortSignal): Promise<WatchConnection> {
    this.watchSignals.push(signal);
    const answer = this.watchAnswers.shift();
    if (answer === 'hang') return hang(signal);
    if (answer instanceof FlotillaError) return Promise.reject(answer);
    const watch = new FakeWatch(options, signal);
    this.watches.push(watch);
    return Promise.resolve(watch);
  }
}

function hang<T>(signal: AbortSignal): Promise<T> {
  return new Promise<T>((_, reject) => {
    signal.addEventListener('abort', () => reject(failure('cancelled')), { once: true });
  });
}
