import { systemClock, type Clock } from '../clock';
import type { FlotillaError, SerializedFlotillaError } from '../errors';
import type { InformerSyncEvent } from '../events';
import { Subscribable } from '../subscribable';
import type { KubeObject } from './kube-object';
import { ObjectCache, type CacheDelta } from './object-cache';
import { Reflector, type ReflectorOptions } from './reflector';
import { resourceLabel, type ResourceDescriptor } from './resource';

export type InformerSyncState = InformerSyncEvent['state'];

/** How current an informer's cache is. Stable until something in it changes. */
export interface InformerSnapshot {
  /**
   * `syncing` until the first list, `synced` while listed and watching, `stale` when the watch or a
   * relist failed after a sync (the cache is kept, a retry is scheduled), `error` when it failed
   * before any sync or its session is gone.
   */
  readonly state: InformerSyncState;
  /** Clock time the state was entered. */
  readonly since: number;
  readonly lastError: SerializedFlotillaError | null;
  readonly hasSynced: boolean;
}

/** A sync state change, without the cluster reference the session adds when publishing. */
export type InformerSyncPayload = Omit<InformerSyncEvent, 'clusterId' | 'clusterName'>;

/**
 * What an informer keeps of each object it receives (client-go's `SetTransform`), e.g. a projection
 * that drops `managedFields`. Must not mutate its input; may return it unchanged.
 */
export type ObjectTransform = <T extends KubeObject>(object: T) => T;

export interface InformerOptions<T extends KubeObject = KubeObject> extends Omit<
  ReflectorOptions<T>,
  'sink' | 'onHealthy' | 'onError' | 'description'
> {
  resource: ResourceDescriptor;
  /**
   * Applied to every listed object and watch event before it is cached or handed to a handler, so
   * what it drops is never held: without it, a cache keeps each object as received.
   */
  transform?: ObjectTransform;
  /** Receives every sync state change, e.g. to `session.publish('cluster:informer:sync', …)`. */
  publish?: (event: InformerSyncPayload) => void;
}

type Listener<A extends unknown[]> = (...args: A) => void;

/**
 * One collection of one cluster, kept current by a {@link Reflector} in an {@link ObjectCache}, with
 * handlers for changes (client-go's SharedInformer): one watch, any number of handlers. A throwing
 * handler affects neither the others nor the cache.
 */
export class Informer<T extends KubeObject = KubeObject> extends Subscribable<
  (snapshot: InformerSnapshot) => void
> {
  readonly cache = new ObjectCache<T>();
  readonly resource: ResourceDescriptor;
  private readonly reflector: Reflector<T>;
  private readonly clock: Clock;
  private readonly adds = new Set<Listener<[T]>>();
  private readonly updates = new Set<Listener<[T, T]>>();
  private readonly deletes = new Set<Listener<[T]>>();
  private readonly syncs = new Set<Listener<[InformerSnapshot]>>();
  private snapshot: InformerSnapshot;
  private stopped = false;

  constructor(private readonly options: InformerOptions<T>) {
    super();
    this.resource = options.resource;
    this.clock = options.clock ?? systemClock;
    this.snapshot = { state: 'syncing', since: this.clock.now(), lastError: null, hasSynced: false };
    const transform = options.transform;
    this.reflector = new Reflector<T>({
      ...options,
      description: resourceLabel(options.resource),
      sink: {
        replace: (items, version) =>
          this.dispatch(
            this.cache.replace(transform ? items.map((item) => transform(item)) : items, version),
          ),
        apply: (event) => {
          const delta = this.cache.apply(
            transform ? { type: event.type, object: transform(event.object) } : event,
          );
          if (delta) this.dispatch([delta]);
        },
      },
      onHealthy: () => this.setState('synced', null),
      onError: (error, retryInMs) => this.onError(error, retryInMs),
    });
  }

  get hasSynced(): boolean {
    return this.snapshot.hasSynced;
  }

  /** The version the informer resumes from; null when it must list first. */
  get resourceVersion(): string | null {
    return this.reflector.resourceVersion;
  }

  getSnapshot = (): InformerSnapshot => this.snapshot;

  start(): void {
    if (this.stopped) return;
    this.publish();
    this.reflector.start();
  }

  /** Stops the watch and any pending retry; final. The cache keeps its last content. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.reflector.stop();
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  list(): T[] {
    return this.cache.list();
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.cache.get(namespace, name);
  }

  /** Called for every object added; a handler added after a sync first receives what is cached. */
  onAdd(handler: (object: T) => void): () => void {
    for (const object of this.cache.list()) guarded(() => handler(object));
    return listen(this.adds, handler);
  }

  onUpdate(handler: (previous: T, object: T) => void): () => void {
    return listen(this.updates, handler);
  }

  onDelete(handler: (object: T) => void): () => void {
    return listen(this.deletes, handler);
  }

  /** Called on every sync state change. */
  onSync(handler: (snapshot: InformerSnapshot) => void): () => void {
    return listen(this.syncs, handler);
  }

  private dispatch(deltas: readonly CacheDelta<T>[]): void {
    for (const delta of deltas) {
      if (delta.type === 'ADDED') for (const h of [...this.adds]) guarded(() => h(delta.object));
      else if (delta.type === 'MODIFIED')
        for (const h of [...this.updates]) guarded(() => h(delta.previous, delta.object));
      else for (const h of [...this.deletes]) guarded(() => h(delta.object));
    }
  }

  private onError(error: FlotillaError, retryInMs: number | null): void {
    // Data kept after a sync is still useful, only possibly outdated, while a retry is coming.
    const state = this.snapshot.hasSynced && retryInMs !== null ? 'stale' : 'error';
    this.setState(state, error.toJSON());
  }

  private setState(state: InformerSyncState, lastError: SerializedFlotillaError | null): void {
    if (this.stopped) return;
    const previous = this.snapshot;
    const hasSynced = previous.hasSynced || state === 'synced';
    const error = state === 'synced' ? previous.lastError : lastError;
    if (previous.state === state && previous.lastError === error) return;
    this.snapshot = {
      state,
      since: previous.state === state ? previous.since : this.clock.now(),
      lastError: error,
      hasSynced,
    };
    for (const listener of [...this.listeners]) guarded(() => listener(this.snapshot));
    if (previous.state === state) return;
    for (const h of [...this.syncs]) guarded(() => h(this.snapshot));
    this.publish();
  }

  private publish(): void {
    const { state, lastError } = this.snapshot;
    const { resource } = this.options;
    this.options.publish?.({
      resource: resourceLabel(resource),
      namespace: resource.namespace ?? null,
      state,
      ...(lastError && state !== 'synced' ? { error: lastError } : {}),
    });
  }
}

function listen<H>(set: Set<H>, handler: H): () => void {
  set.add(handler);
  return () => {
    set.delete(handler);
  };
}

function guarded(callback: () => void): void {
  try {
    callback();
  } catch {
    // A handler's failure is the handler's; the cache and the other handlers go on.
  }
}
