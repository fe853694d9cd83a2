import type { ResourceType } from '../api/resources';
import { apiVersionOf } from '../api/resources';
import { errors } from '../api/status';
import type { KubeObject, WatchEventType } from '../api/types';
import type { StoreEvent } from '../store/event-history';
import type { ObjectStore } from '../store/object-store';
import type { Responder } from './responder';

export interface WatchStreamOptions {
  type: ResourceType;
  /** Decides whether an object is visible to this watch (namespace + label + field selectors). */
  matches: (object: KubeObject) => boolean;
  /** Turns an object into what goes on the wire (object, Table row, metadata). */
  encode: (object: KubeObject) => unknown;
  contentType: string;
  /** '' or '0' start from the current state with synthetic ADDED events; a number resumes after it. */
  resourceVersion: string;
  sendInitialEvents: boolean | undefined;
  allowBookmarks: boolean;
  bookmarkIntervalMs: number;
  timeoutSeconds?: number;
  /** While true the stream writes nothing (a hung server); buffered events go out on flush(). */
  isFrozen: () => boolean;
}

/** One open watch: chunked NDJSON of ADDED/MODIFIED/DELETED/BOOKMARK/ERROR, as the apiserver streams it. */
export class WatchStream {
  private unsubscribe: (() => void) | undefined;
  private timers: NodeJS.Timeout[] = [];
  private buffered: string[] = [];
  private closed = false;
  eventsSent = 0;

  constructor(
    private readonly store: ObjectStore,
    private readonly responder: Responder,
    private readonly options: WatchStreamOptions,
    private readonly onClose: (stream: WatchStream) => void,
  ) {}

  start(): void {
    const { res } = this.responder;
    res.writeHead(200, { 'Content-Type': this.options.contentType, 'Cache-Control': 'no-cache, private' });
    // Clients learn the watch is established from the headers, even when no event follows for a while.
    res.flushHeaders();
    res.on('close', () => this.close());

    const rv = this.options.resourceVersion;
    const fromCurrentState = rv === '' || rv === '0';
    const sendInitial = this.options.sendInitialEvents ?? fromCurrentState;
    // Everything below runs in one tick: no store change can slip between the snapshot and the subscription.
    if (sendInitial) {
      const current = this.store.list(this.options.type);
      for (const object of current.items) if (this.options.matches(object)) this.emit('ADDED', object);
      if (this.options.sendInitialEvents) this.bookmark(true);
    }
    if (!fromCurrentState) {
      const since = Number(rv);
      const changes = Number.isFinite(since) ? this.store.changesSince(this.options.type, since) : 'expired';
      if (changes === 'expired') {
        const oldest = this.store.oldestResumable(this.options.type);
        this.write(
          'ERROR',
          errors.expiredResourceVersion(Number.isFinite(since) ? since : 0, oldest).toStatus(),
        );
        this.end();
        return;
      }
      if (!this.options.sendInitialEvents) for (const change of changes) this.onChange(change);
    }
    this.unsubscribe = this.store.subscribe(this.options.type, (event) => this.onChange(event));
    if (this.options.allowBookmarks) {
      this.timers.push(setInterval(() => this.bookmark(false), this.options.bookmarkIntervalMs));
    }
    if (this.options.timeoutSeconds !== undefined && this.options.timeoutSeconds > 0) {
      this.timers.push(setTimeout(() => this.end(), this.options.timeoutSeconds * 1000));
    }
  }

  private onChange(event: StoreEvent): void {
    const now = this.options.matches(event.object);
    const before = event.previous ? this.options.matches(event.previous) : false;
    if (event.type === 'ADDED') {
      if (now) this.emit('ADDED', event.object);
    } else if (event.type === 'DELETED') {
      if (before) this.emit('DELETED', event.object);
    } else if (now && before) {
      this.emit('MODIFIED', event.object);
    } else if (now) {
      this.emit('ADDED', event.object);
    } else if (before && event.previous) {
      // Leaving the selection looks like a deletion to this watcher (the apiserver's cacheWatcher does the same).
      const left = structuredClone(event.previous);
      left.metadata.resourceVersion = String(event.resourceVersion);
      this.emit('DELETED', left);
    }
  }

  private emit(type: WatchEventType, object: KubeObject): void {
    this.write(type, this.options.encode(object));
  }

  private bookmark(initialEventsEnd: boolean): void {
    const { type } = this.options;
    const metadata: Record<string, unknown> = { resourceVersion: String(this.store.resourceVersion) };
    if (initialEventsEnd) metadata['annotations'] = { 'k8s.io/initial-events-end': 'true' };
    this.write('BOOKMARK', { kind: type.kind, apiVersion: apiVersionOf(type), metadata });
  }

  private write(type: WatchEventType, object: unknown): void {
    if (this.closed) return;
    const line = `${this.responder.maybeCorrupt(JSON.stringify({ type, object }))}\n`;
    this.eventsSent++;
    if (this.options.isFrozen()) {
      this.buffered.push(line);
      return;
    }
    this.responder.res.write(line);
  }

  /** Delivers what was held back while frozen. */
  flush(): void {
    if (this.closed || this.options.isFrozen()) return;
    for (const line of this.buffered) this.responder.res.write(line);
    this.buffered = [];
  }

  /** Ends the stream cleanly, as a server does when a watch times out or is cut. */
  end(): void {
    if (this.closed) return;
    if (!this.responder.res.destroyed) this.responder.res.end();
    this.close();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe?.();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
    this.buffered = [];
    this.onClose(this);
  }
}
