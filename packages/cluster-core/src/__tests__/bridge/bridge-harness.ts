import WebSocket from 'ws';
import type { FleetView } from '../../client/fleet-client';
import type { WebSocketConstructor } from '../../client/remote-link';

export interface Frame {
  direction: 'sent' | 'received';
  text: string;
}

export interface CapturingSockets {
  /** Use as `connectFleet(url, { WebSocket })`. */
  WebSocket: WebSocketConstructor;
  /** Every frame in both directions, in order, over every socket created. */
  frames: Frame[];
  /** Every socket created, newest last. */
  sockets: WebSocket[];
}

/**
 * `ws` WebSockets as `connectFleet` takes them, sending `origin` like a browser page would (none
 * when omitted, like a script) and recording every frame in both directions.
 */
export function capturingSockets(origin?: string): CapturingSockets {
  const frames: Frame[] = [];
  const sockets: WebSocket[] = [];
  class CapturingWebSocket extends WebSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols, origin ? { origin } : {});
      sockets.push(this);
      this.on('message', (data, isBinary) => {
        frames.push({ direction: 'received', text: isBinary ? '<binary>' : String(data) });
      });
    }
    override send(data: string): void {
      frames.push({ direction: 'sent', text: data });
      super.send(data);
    }
  }
  return { WebSocket: CapturingWebSocket as unknown as WebSocketConstructor, frames, sockets };
}

/** Resolves with the first snapshot of `view` that satisfies `predicate`; rejects after `timeoutMs`. */
export function waitForView<S>(
  view: FleetView<S>,
  predicate: (snapshot: S) => boolean,
  timeoutMs = 10_000,
  what = 'view condition',
): Promise<S> {
  return new Promise((resolve, reject) => {
    let unsubscribe = () => undefined as void;
    const timer = setTimeout(() => {
      unsubscribe();
      reject(
        new Error(
          `${what} not met within ${timeoutMs} ms; last: ${JSON.stringify(view.getSnapshot()).slice(0, 500)}`,
        ),
      );
    }, timeoutMs);
    const check = () => {
      const snapshot = view.getSnapshot();
      if (!predicate(snapshot)) return false;
      clearTimeout(timer);
      unsubscribe();
      resolve(snapshot);
      return true;
    };
    unsubscribe = view.subscribe(() => void check());
    check();
  });
}

export const ORIGIN = 'http://localhost:5173';
export const TOKEN = 'bridge-token-0123456789abcdef';
