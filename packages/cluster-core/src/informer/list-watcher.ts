import type { TransportStream } from '../transport-types';
import type { KubeObject } from './kube-object';

export interface ReflectorListOptions {
  limit?: number;
  continue?: string;
  /** `''` (or absent) for the most recent state. */
  resourceVersion?: string;
}

export interface ReflectorWatchOptions {
  /** Resume after this version; the server replays what happened since. */
  resourceVersion: string;
  allowWatchBookmarks: boolean;
  /** Asks the server to end the watch after this long (then the reflector re-watches). */
  timeoutSeconds: number;
  /** No byte for this long means the server stalled (bookmarks keep a healthy watch busy). */
  idleTimeoutMs?: number;
}

/** One page of a list. */
export interface ObjectList<T extends KubeObject = KubeObject> {
  metadata?: { resourceVersion?: string; continue?: string };
  items: T[];
}

/** An open watch: NDJSON lines, one event each. */
export type WatchConnection = Pick<TransportStream, 'lines' | 'close'>;

/**
 * What a reflector needs from a cluster, as in client-go: list a page, open a watch. Errors are
 * FlotillaErrors; aborting the signal cancels a list or a connecting watch and ends an open one.
 */
export interface ListWatcher<T extends KubeObject = KubeObject> {
  list(options: ReflectorListOptions, signal: AbortSignal): Promise<ObjectList<T>>;
  watch(options: ReflectorWatchOptions, signal: AbortSignal): Promise<WatchConnection>;
}
