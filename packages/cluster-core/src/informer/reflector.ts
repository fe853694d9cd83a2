import { Backoff, type BackoffOptions } from '../backoff';
import { defaultRandom, systemClock, type Clock, type RandomSource } from '../clock';
import { FlotillaError } from '../errors';
import type { KubeObject } from './kube-object';
import type { ListWatcher } from './list-watcher';
import { isResourceExpired, parseWatchEvent, watchStatusError, type ObjectEvent } from './watch-event';

/** Where a reflector puts what it learns. */
export interface ReflectorSink<T extends KubeObject = KubeObject> {
  /** A complete list: the content becomes exactly `items`. */
  replace(items: T[], resourceVersion: string): void;
  /** One change from the watch. */
  apply(event: ObjectEvent<T>): void;
}

export interface ReflectorOptions<T extends KubeObject = KubeObject> {
  listWatcher: ListWatcher<T>;
  sink: ReflectorSink<T>;
  clusterId: string;
  clusterName?: string;
  /** Names the collection in error messages, e.g. `pods`. */
  description?: string;
  clock?: Clock;
  random?: RandomSource;
  /** Default: 0.8 s doubling to 30 s, jitter 1.0, reset after 2 min without failure (client-go). */
  backoff?: Omit<BackoffOptions, 'clock' | 'random'>;
  /** List page size. Default 500. */
  pageSize?: number;
  /** Each watch asks the server to end it after a random time in [this, 2 × this). Default 300 s. */
  minWatchTimeoutSeconds?: number;
  /**
   * A watch without a byte for this long is taken for a stalled server and replaced. Must exceed the
   * server's bookmark period (about a minute on real apiservers). Default 150 s.
   */
  idleTimeoutMs?: number;
  /** What the sink holds is current again: a list completed or a watch was established. */
  onHealthy?: () => void;
  /** A list or watch failed; the next attempt follows after `retryInMs`, or never (null) once the owner is gone. */
  onError?: (error: FlotillaError, retryInMs: number | null) => void;
}

/** client-go's reflector: pages of 500, watch timeouts of 5–10 min; a watch silent for 150 s is stalled. */
export const DEFAULT_REFLECTOR = {
  pageSize: 500,
  minWatchTimeoutSeconds: 300,
  idleTimeoutMs: 150_000,
  /** Restarts of one list after its continue token expired, before backing off. */
  maxListRestarts: 3,
} as const;

/** How a watch ended without an error: at the timeout it asked for, or earlier (cut, proxy, rebuild). */
type WatchEnd = 'timeout' | 'closed';

/**
 * Keeps a sink in step with one collection of one cluster, like client-go's Reflector: a paginated
 * list, then a watch from the list's resourceVersion with bookmarks, resumed from the last version
 * seen when it ends. A 410 relists from scratch; any other failure or an early end waits for the
 * backoff first. It never throws and never gives up while its owner lives.
 */
export class Reflector<T extends KubeObject = KubeObject> {
  private readonly controller = new AbortController();
  private readonly clock: Clock;
  private readonly random: RandomSource;
  private readonly backoff: Backoff;
  private readonly what: string;
  private version: string | null = null;
  private phase: 'idle' | 'running' | 'stopped' = 'idle';
  private wake: (() => void) | null = null;
  private expiredInARow = 0;

  constructor(private readonly options: ReflectorOptions<T>) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? defaultRandom;
    this.backoff = new Backoff({ ...options.backoff, clock: this.clock, random: this.random });
    this.what = options.description ?? 'objects';
  }

  /** The version the next watch resumes from; null when the next step is a full list. */
  get resourceVersion(): string | null {
    return this.version;
  }

  get isStopped(): boolean {
    return this.phase === 'stopped';
  }

  start(): void {
    if (this.phase !== 'idle') return;
    this.phase = 'running';
    void this.run();
  }

  /** Cancels an in-flight list, a connecting or open watch and a pending retry; final. */
  stop(): void {
    if (this.phase === 'stopped') return;
    this.phase = 'stopped';
    this.controller.abort();
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (!this.isStopped) {
      let end: WatchEnd | FlotillaError;
      try {
        if (this.version === null) await this.list();
        end = this.isStopped ? 'closed' : await this.watch();
      } catch (raw) {
        end = this.asError(raw);
      }
      if (this.isStopped) return;
      if (end === 'timeout') continue;
      if (end === 'closed') {
        await this.sleep(this.backoff.next());
      } else if (isResourceExpired(end)) {
        // The version fell out of the server's history: only a fresh list helps. Right away once;
        // a list that expires again at once means the server compacts faster than we read.
        this.version = null;
        if (this.expiredInARow++ > 0) await this.sleep(this.backoff.next());
      } else if (end.kind === 'cancelled') {
        // Nobody here cancelled, so the session or client underneath is gone for good.
        this.options.onError?.(end, null);
        this.stop();
      } else {
        const delay = this.backoff.next();
        this.options.onError?.(end, delay);
        await this.sleep(delay);
      }
    }
  }

  private async list(): Promise<void> {
    const { listWatcher, sink } = this.options;
    const items: T[] = [];
    let token: string | undefined;
    let version = '';
    for (let restarts = 0; ;) {
      const limit = this.options.pageSize ?? DEFAULT_REFLECTOR.pageSize;
      let page;
      try {
        page = await listWatcher.list({ limit, ...(token ? { continue: token } : {}) }, this.signal);
      } catch (raw) {
        const error = this.asError(raw);
        if (token === undefined || !isResourceExpired(error) || restarts >= DEFAULT_REFLECTOR.maxListRestarts)
          throw error;
        // The continue token outlived the server's history: start over from the current state.
        restarts++;
        items.length = 0;
        token = undefined;
        version = '';
        continue;
      }
      if (!Array.isArray(page.items)) throw this.malformed('a list page without items');
      for (const item of page.items) items.push(item);
      // Every page of one list carries the first page's version.
      version ||= page.metadata?.resourceVersion ?? '';
      token = page.metadata?.continue || undefined;
      if (!token) break;
    }
    if (!version) throw this.malformed('a list without a resourceVersion');
    if (this.isStopped) return;
    sink.replace(items, version);
    this.version = version;
    this.options.onHealthy?.();
  }

  private async watch(): Promise<WatchEnd> {
    const minSeconds = this.options.minWatchTimeoutSeconds ?? DEFAULT_REFLECTOR.minWatchTimeoutSeconds;
    const timeoutSeconds = Math.floor(minSeconds * (1 + this.random()));
    const started = this.clock.now();
    const connection = await this.options.listWatcher.watch(
      {
        resourceVersion: this.version ?? '',
        allowWatchBookmarks: true,
        timeoutSeconds,
        idleTimeoutMs: this.options.idleTimeoutMs ?? DEFAULT_REFLECTOR.idleTimeoutMs,
      },
      this.signal,
    );
    try {
      if (this.isStopped) return 'closed';
      this.options.onHealthy?.();
      for await (const line of connection.lines()) {
        if (this.isStopped) return 'closed';
        if (line.trim() !== '') this.handle(line);
      }
    } finally {
      connection.close();
    }
    return this.clock.now() - started >= timeoutSeconds * 1000 ? 'timeout' : 'closed';
  }

  private handle(line: string): void {
    const event = parseWatchEvent<T>(line);
    // The line may hold a Secret: say how long it was, never what it said.
    if (!event) throw this.malformed(`a watch event that is not valid JSON (${line.length} bytes)`);
    if (event.type === 'ERROR') {
      throw watchStatusError(
        event.status,
        { clusterId: this.options.clusterId, clusterName: this.options.clusterName },
        this.what,
      );
    }
    if (event.type === 'BOOKMARK') {
      this.version = event.resourceVersion;
    } else {
      this.options.sink.apply(event);
      const version = event.object.metadata.resourceVersion;
      if (version) this.version = version;
    }
    this.expiredInARow = 0;
  }

  private get signal(): AbortSignal {
    return this.controller.signal;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.isStopped) return resolve();
      const done = () => {
        this.wake = null;
        resolve();
      };
      const timer = this.clock.setTimeout(done, ms);
      this.wake = () => {
        this.clock.clearTimeout(timer);
        done();
      };
    });
  }

  private malformed(what: string): FlotillaError {
    return this.failure('malformed-response', `${this.what}: the server sent ${what}`);
  }

  private asError(raw: unknown): FlotillaError {
    if (raw instanceof FlotillaError) return raw;
    const message = raw instanceof Error ? raw.message : String(raw);
    return this.failure('transport', `${this.what}: ${message}`, raw);
  }

  private failure(kind: 'malformed-response' | 'transport', message: string, cause?: unknown): FlotillaError {
    return new FlotillaError({
      kind,
      clusterId: this.options.clusterId,
      ...(this.options.clusterName !== undefined ? { clusterName: this.options.clusterName } : {}),
      message,
      ...(cause !== undefined ? { cause } : {}),
    });
  }
}
