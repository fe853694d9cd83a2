import type { Backoff } from '../backoff';
import type { Clock, TimerHandle } from '../clock';
import { Subscribable } from '../subscribable';
import { BRIDGE_SUBPROTOCOL, FATAL_CLOSE_REASONS, encodeBridgeToken } from './bridge-protocol';
import type { FleetLinkSnapshot, FleetLinkState, FleetView } from './fleet-client';

/**
 * The part of a WebSocket the bridge client uses; both the browser's `WebSocket` and the `ws`
 * package's fit. Handlers are only ever assigned, hence `never` parameters: any handler type fits.
 */
export interface WebSocketLike {
  readonly protocol: string;
  onopen: ((event: never) => unknown) | null;
  onmessage: ((event: never) => unknown) | null;
  onclose: ((event: never) => unknown) | null;
  onerror: ((event: never) => unknown) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** A WebSocket class: the browser's `WebSocket`, or `ws`'s on Node 20 (which has no global one). */
export type WebSocketConstructor = new (url: string, protocols: string[]) => WebSocketLike;

/** The bridge link as the client shows it. */
export interface RemoteLinkSnapshot extends FleetLinkSnapshot {
  /** Reconnect attempts since the link was last open. */
  readonly attempt: number;
  /** Events the server dropped for this client because it read too slowly (state was kept current). */
  readonly droppedEvents: number;
}

export interface RemoteLinkHandlers {
  /** A socket opened; nothing is current until the server's hello arrives. */
  opened(send: (text: string) => void): void;
  received(text: string): void;
  /** The socket is gone (about to reconnect, or for good). */
  lost(reason: string): void;
}

export interface RemoteLinkOptions {
  url: string;
  token: string;
  WebSocket: WebSocketConstructor;
  /** Null: do not reconnect. */
  backoff: Backoff | null;
  clock: Clock;
}

const NORMAL_CLOSURE = 1000;
/** Sent when this side drops a connection whose state no longer fits; reconnecting resyncs it. */
export const RESYNC_CLOSE_CODE = 4000;

/**
 * One WebSocket at a time to the fleet server, reconnected with jittered backoff until closed.
 * Reconnecting stops for good on the close codes after which it cannot help (wrong token, wrong
 * Origin, another protocol version).
 */
export class RemoteLink extends Subscribable<() => void> implements FleetView<RemoteLinkSnapshot> {
  private snapshot: RemoteLinkSnapshot = {
    state: 'connecting',
    nextRetryAt: null,
    reason: null,
    attempt: 0,
    droppedEvents: 0,
  };
  private socket: WebSocketLike | null = null;
  private retryTimer: TimerHandle | null = null;

  constructor(
    private readonly options: RemoteLinkOptions,
    private readonly handlers: RemoteLinkHandlers,
  ) {
    super();
  }

  getSnapshot = (): RemoteLinkSnapshot => this.snapshot;

  get state(): FleetLinkState {
    return this.snapshot.state;
  }

  start(): void {
    this.dial();
  }

  /** The server's hello was applied: the link is current. */
  markOpen(): void {
    this.update({ state: 'open', nextRetryAt: null, reason: null, attempt: 0 });
  }

  countDropped(events: number): void {
    this.update({ droppedEvents: this.snapshot.droppedEvents + events });
  }

  /** Drops the current socket and reconnects (after backoff), e.g. when its state stopped fitting. */
  resync(reason: string): void {
    const socket = this.socket;
    if (!socket) return;
    this.socketGone(socket, reason);
    socket.close(RESYNC_CLOSE_CODE, reason);
  }

  /** Ends the link for good (the client closed, or the server speaks another protocol). */
  close(reason = 'closed'): void {
    if (this.snapshot.state === 'closed') return;
    this.clearRetry();
    const socket = this.socket;
    this.socket = null;
    this.update({ state: 'closed', nextRetryAt: null, reason });
    if (socket) {
      socket.close(NORMAL_CLOSURE, 'client closed');
      this.handlers.lost(reason);
    }
  }

  private dial(): void {
    this.retryTimer = null;
    if (this.snapshot.nextRetryAt !== null) this.update({ nextRetryAt: null });
    let socket: WebSocketLike;
    try {
      socket = new this.options.WebSocket(this.options.url, [
        BRIDGE_SUBPROTOCOL,
        encodeBridgeToken(this.options.token),
      ]);
    } catch (error) {
      // A malformed URL throws synchronously; retrying the same URL cannot help.
      this.update({ state: 'closed', nextRetryAt: null, reason: `cannot connect: ${describe(error)}` });
      return;
    }
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      if (socket.protocol !== BRIDGE_SUBPROTOCOL) {
        this.socketGone(socket, 'unsupported protocol version', true);
        socket.close(NORMAL_CLOSURE);
        return;
      }
      opened = true;
      this.handlers.opened((text) => socket.send(text));
    };
    socket.onmessage = (event: { data: unknown }) => {
      if (this.socket === socket && typeof event.data === 'string') this.handlers.received(event.data);
    };
    socket.onclose = (event: { code: number; reason: string }) => {
      if (this.socket !== socket) return;
      const fatal = FATAL_CLOSE_REASONS[event.code];
      // The server's own wording (e.g. "origin required") is more precise than the code's default.
      const reason = fatal
        ? event.reason || fatal
        : opened
          ? `connection lost (code ${event.code})`
          : 'cannot reach the fleet server';
      this.socketGone(socket, reason, fatal !== undefined);
    };
    // A close event always follows an error event; the close carries the code.
    socket.onerror = () => undefined;
  }

  private socketGone(socket: WebSocketLike, reason: string, fatal = false): void {
    if (this.socket !== socket) return;
    this.socket = null;
    const backoff = this.options.backoff;
    if (fatal || !backoff) {
      this.update({ state: 'closed', nextRetryAt: null, reason });
    } else {
      const delay = backoff.next();
      this.update({
        state: 'reconnecting',
        nextRetryAt: this.options.clock.now() + delay,
        reason,
        attempt: this.snapshot.attempt + 1,
      });
      this.retryTimer = this.options.clock.setTimeout(() => this.dial(), delay);
    }
    this.handlers.lost(reason);
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) this.options.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private update(patch: Partial<RemoteLinkSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of [...this.listeners]) listener();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
