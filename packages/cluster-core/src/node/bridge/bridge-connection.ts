import type WebSocket from 'ws';
import { BRIDGE_PROTOCOL_VERSION, type ViewSpec } from '../../client/bridge-protocol';
import type { FleetClient, FleetView } from '../../client/fleet-client';
import { BRIDGE_SUBJECT, type ErrorSubject } from '../../client/remote-errors';
import type { Clock, TimerHandle } from '../../clock';
import type { FleetSnapshot } from '../../cluster-manager';
import { FlotillaError, type SerializedFlotillaError } from '../../errors';
import { redact } from '../../redact';
import { fleetDelta } from './fleet-delta';
import { InputError } from './input-checks';
import type { MessageEncoder } from './message-encoder';
import { dispatchRequest } from './request-dispatch';
import type { SharedViews } from './shared-views';
import { parseViewSpec } from './view-spec';

/** When a connection counts as slow, and what it may hold. */
export interface ConnectionLimits {
  /** Above this many buffered bytes, state is coalesced and events dropped. */
  highWaterMark: number;
  /** A client that lets this many bytes pile up while still sending requests is disconnected. */
  maxBufferedBytes: number;
  /** How often a congested connection checks whether it drained. */
  flushIntervalMs: number;
  maxViews: number;
  maxPendingRequests: number;
}

export interface ConnectionContext {
  client: FleetClient;
  views: SharedViews;
  clock: Clock;
  encoder: MessageEncoder;
  limits: ConnectionLimits;
}

/** What `FleetServer.connections()` reports about one client. */
export interface BridgeConnectionStats {
  readonly id: number;
  readonly origin: string | null;
  readonly bufferedAmount: number;
  /** Events dropped because the client read too slowly (it was told, and its state kept current). */
  readonly droppedEvents: number;
  readonly congested: boolean;
  readonly views: number;
}

interface Subscription {
  readonly spec: ViewSpec;
  view: FleetView<unknown> | null;
  unsubscribe: () => void;
  /** The snapshot this client has; deltas are computed from it. */
  sent: unknown;
  sentOnce: boolean;
  dirty: boolean;
}

const MAX_ID_LENGTH = 64;
/** WebSocket close code 1011: the server hit an unexpected condition. */
const INTERNAL_ERROR = 1011;

/**
 * One browser (or other client) on the bridge. State — the fleet and each open view — is sent as
 * it changes while the client keeps up; when its socket buffer passes the high-water mark, state
 * is only marked dirty and sent (latest wins) once it drains, and events are dropped and counted.
 * So a slow client costs the server a flag per change, never a growing queue, and never delays
 * another client.
 */
export class BridgeConnection {
  private fleetSent: FleetSnapshot;
  private fleetDirty = false;
  private readonly views = new Map<string, Subscription>();
  private droppedSinceFlush = 0;
  private droppedTotal = 0;
  private inFlight = 0;
  private flushTimer: TimerHandle | null = null;
  private unsubscribeFleet: () => void = () => undefined;
  private closed = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly context: ConnectionContext,
    readonly id: number,
    readonly origin: string | null,
  ) {
    this.fleetSent = context.client.getSnapshot();
  }

  /** Sends the hello and starts following the fleet and the client's messages. */
  start(onClosed: () => void): void {
    this.socket.on('message', (data, isBinary) => {
      if (isBinary)
        this.reject(null, new InputError('message', 'binary frames are not part of the protocol'));
      else this.receive(String(data));
    });
    // A protocol violation (oversized or malformed frame) is followed by a close; nothing else to do.
    this.socket.on('error', () => undefined);
    this.socket.on('close', () => {
      this.dispose();
      onClosed();
    });
    this.write(JSON.stringify({ type: 'hello', protocol: BRIDGE_PROTOCOL_VERSION, fleet: this.fleetSent }));
    this.unsubscribeFleet = this.context.client.subscribe(() => {
      this.fleetDirty = true;
      this.pump();
    });
  }

  /** A bus event, already serialized once for every connection. */
  event(text: string): void {
    if (this.closed) return;
    if (this.congested()) {
      this.droppedSinceFlush++;
      this.droppedTotal++;
      this.scheduleFlush();
      return;
    }
    this.write(text);
  }

  stats(): BridgeConnectionStats {
    return {
      id: this.id,
      origin: this.origin,
      bufferedAmount: this.socket.bufferedAmount,
      droppedEvents: this.droppedTotal,
      congested: this.congested(),
      views: this.views.size,
    };
  }

  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribeFleet();
    for (const subscription of this.views.values()) subscription.unsubscribe();
    this.views.clear();
    if (this.flushTimer !== null) this.context.clock.clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }

  private congested(): boolean {
    return this.flushTimer !== null || this.socket.bufferedAmount > this.context.limits.highWaterMark;
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== null || this.closed) return;
    this.flushTimer = this.context.clock.setTimeout(() => {
      this.flushTimer = null;
      this.pump();
    }, this.context.limits.flushIntervalMs);
  }

  /**
   * Sends whatever state is dirty, unless the socket is backed up. It runs inside the fleet
   * client's notifications, so nothing it does may throw there: a connection whose state cannot be
   * sent is closed (the browser reconnects and resyncs), and the fleet goes on.
   */
  private pump(): void {
    try {
      this.flush();
    } catch {
      this.fail();
    }
  }

  private fail(): void {
    if (this.closed) return;
    this.dispose();
    this.socket.close(INTERNAL_ERROR, 'internal error');
  }

  private flush(): void {
    if (this.closed || this.flushTimer !== null) return;
    if (this.socket.bufferedAmount > this.context.limits.highWaterMark) return this.scheduleFlush();
    if (this.fleetDirty) {
      this.fleetDirty = false;
      const next = this.context.client.getSnapshot();
      const delta = fleetDelta(this.fleetSent, next);
      this.fleetSent = next;
      if (delta) this.write(JSON.stringify({ type: 'fleet', ...delta }));
    }
    for (const [id, subscription] of this.views) {
      if (!subscription.dirty) continue;
      if (this.socket.bufferedAmount > this.context.limits.highWaterMark) return this.scheduleFlush();
      subscription.dirty = false;
      this.sendView(id, subscription);
    }
    if (this.droppedSinceFlush > 0) {
      this.write(JSON.stringify({ type: 'dropped', events: this.droppedSinceFlush }));
      this.droppedSinceFlush = 0;
    }
  }

  private sendView(id: string, subscription: Subscription): void {
    if (!subscription.view) return;
    let snapshot: unknown;
    try {
      snapshot = subscription.view.getSnapshot();
    } catch (error) {
      this.viewFailed(id, subscription.spec, error);
      return;
    }
    if (subscription.sentOnce && Object.is(snapshot, subscription.sent)) return;
    const { encoder } = this.context;
    this.write(
      subscription.sentOnce
        ? encoder.viewUpdate(id, subscription.spec.type === 'resources', subscription.sent, snapshot)
        : encoder.viewSnapshot(id, snapshot),
    );
    subscription.sent = snapshot;
    subscription.sentOnce = true;
  }

  private receive(text: string): void {
    let message: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error();
      message = parsed as Record<string, unknown>;
    } catch {
      return this.reject(null, new InputError('message', 'not a JSON object'));
    }
    const id = message['id'];
    if (typeof id !== 'string' || id === '' || id.length > MAX_ID_LENGTH)
      return this.reject(
        null,
        new InputError('message', `id must be a string of 1–${MAX_ID_LENGTH} characters`),
      );
    switch (message['type']) {
      case 'request':
        return this.request(id, message['method'], message['args']);
      case 'view:open':
        return this.openView(id, message['view']);
      case 'view:close':
        return this.closeView(id);
      default:
        return this.reject(id, new InputError('message', 'type must be request, view:open or view:close'));
    }
  }

  private request(id: string, method: unknown, args: unknown): void {
    if (this.inFlight >= this.context.limits.maxPendingRequests) {
      return this.answerError(
        id,
        new FlotillaError({
          ...BRIDGE_SUBJECT,
          kind: 'throttled',
          message: `more than ${this.context.limits.maxPendingRequests} requests in flight on this connection`,
        }).toJSON(),
      );
    }
    this.inFlight++;
    dispatchRequest(this.context.client, method, args).then(
      (value) => {
        this.inFlight--;
        let text: string;
        try {
          text = JSON.stringify({ type: 'result', id, value });
        } catch (error) {
          return this.answerError(id, serialize(error, BRIDGE_SUBJECT, String(method)));
        }
        this.answer(text);
      },
      (error: FlotillaError) => {
        this.inFlight--;
        this.answerError(id, error.toJSON());
      },
    );
  }

  private openView(id: string, value: unknown): void {
    this.closeView(id);
    let spec: ViewSpec;
    try {
      spec = parseViewSpec(value);
    } catch (error) {
      return this.viewFailed(id, null, error);
    }
    if (this.views.size >= this.context.limits.maxViews) {
      return this.viewFailed(
        id,
        spec,
        new FlotillaError({
          ...BRIDGE_SUBJECT,
          kind: 'throttled',
          message: `more than ${this.context.limits.maxViews} views open on this connection`,
        }),
      );
    }
    const subscription: Subscription = {
      spec,
      view: null,
      unsubscribe: () => undefined,
      sent: undefined,
      sentOnce: false,
      dirty: true,
    };
    // Registered before subscribing: a view may notify from inside subscribe().
    this.views.set(id, subscription);
    try {
      const { view, release } = this.context.views.acquire(spec);
      subscription.view = view;
      subscription.unsubscribe = release;
      const unsubscribe = view.subscribe(() => {
        subscription.dirty = true;
        this.pump();
      });
      subscription.unsubscribe = () => {
        unsubscribe();
        release();
      };
    } catch (error) {
      subscription.unsubscribe();
      this.views.delete(id);
      return this.viewFailed(id, spec, error);
    }
    this.pump();
  }

  private closeView(id: string): void {
    const subscription = this.views.get(id);
    if (!subscription) return;
    this.views.delete(id);
    subscription.unsubscribe();
  }

  private viewFailed(id: string, spec: ViewSpec | null, error: unknown): void {
    const clusterName =
      spec?.type === 'podLogs' ? this.context.client.getCluster(spec.clusterId)?.clusterName : undefined;
    const subject: ErrorSubject =
      spec?.type === 'podLogs'
        ? { clusterId: spec.clusterId, ...(clusterName !== undefined ? { clusterName } : {}) }
        : BRIDGE_SUBJECT;
    this.answer(JSON.stringify({ type: 'view:error', id, error: serialize(error, subject, 'view') }));
  }

  private reject(id: string | null, error: InputError): void {
    this.answerError(id, error.toFlotillaError(BRIDGE_SUBJECT).toJSON());
  }

  private answerError(id: string | null, error: SerializedFlotillaError): void {
    this.answer(JSON.stringify({ type: 'error', id, error }));
  }

  /**
   * Answers are never dropped or coalesced. A client that keeps asking while not reading would
   * make them pile up, so past the hard limit it is disconnected (it resyncs on reconnect).
   */
  private answer(text: string): void {
    if (this.closed) return;
    if (this.socket.bufferedAmount > this.context.limits.maxBufferedBytes) {
      this.socket.terminate();
      return;
    }
    this.write(text);
  }

  private write(text: string): void {
    if (!this.closed && this.socket.readyState === this.socket.OPEN) this.socket.send(text);
  }
}

function serialize(error: unknown, subject: ErrorSubject, where: string): SerializedFlotillaError {
  if (error instanceof FlotillaError) return error.toJSON();
  if (error instanceof InputError) return error.toFlotillaError(subject).toJSON();
  return new FlotillaError({
    ...subject,
    kind: 'server',
    message: `${where} failed: ${redact(error instanceof Error ? error.message : String(error))}`,
    retryable: false,
  }).toJSON();
}
