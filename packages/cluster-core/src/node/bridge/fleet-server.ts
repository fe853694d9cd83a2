import {
  createServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import type { Http2SecureServer } from 'node:http2';
import type { Server as HttpsServer } from 'node:https';
import { Server as TlsServer } from 'node:tls';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { BRIDGE_SUBPROTOCOL, BridgeCloseCode } from '../../client/bridge-protocol';
import type { FleetClient } from '../../client/fleet-client';
import { createLocalFleetClient } from '../../client/local-fleet-client';
import { systemClock, type Clock, type TimerHandle } from '../../clock';
import type { ClusterManager } from '../../cluster-manager';
import { FlotillaError } from '../../errors';
import { BridgeConnection, type BridgeConnectionStats, type ConnectionLimits } from './bridge-connection';
import {
  MIN_TOKEN_LENGTH,
  checkHandshake,
  normalizeOrigin,
  tokenDigest,
  type HandshakePolicy,
} from './handshake';
import { MessageEncoder } from './message-encoder';
import { SharedViews } from './shared-views';

/** How `createFleetServer` serves a fleet; `manager`, `token` and `allowedOrigins` are required. */
export interface FleetServerOptions {
  /** The fleet to serve. */
  manager: ClusterManager;
  /** What to serve it through; default `createLocalFleetClient(manager)`, closed with the server. */
  client?: FleetClient;
  /** The secret clients present (at least 16 characters); see `createBridgeToken()`. */
  token: string;
  /**
   * Origins whose pages may connect (`http://localhost:5173`), or a predicate over the normalized
   * origin. Browsers always send Origin; an empty list admits no browser.
   */
  allowedOrigins: readonly string[] | ((origin: string) => boolean);
  /** Admit clients that send no Origin (not browsers: scripts, tests, a CLI) on the token alone. Default true. */
  allowMissingOrigin?: boolean;
  /**
   * Attach to this server (a Vite or Express dev server, an HTTPS server, an HTTP/2 server that
   * allows HTTP/1) instead of starting one. Only upgrades on `path` are handled.
   */
  server?: AttachableServer;
  /** Interface of the server started here. Default `127.0.0.1`: only this machine can connect. */
  host?: string;
  /** Port of the server started here; 0 (default) picks a free one. */
  port?: number;
  /** URL path of the bridge. Default `/flotilla`. */
  path?: string;
  /** Buffered bytes above which a client counts as slow (state coalesced, events dropped). Default 1 MiB. */
  highWaterMark?: number;
  /** Buffered bytes at which a slow client that keeps sending requests is disconnected. Default 16 MiB. */
  maxBufferedBytes?: number;
  /** Ping period; a client that has not answered the previous ping is disconnected. Default 30 s. */
  pingIntervalMs?: number;
  /** Views one connection may hold open. Default 100. */
  maxViewsPerConnection?: number;
  /** Requests one connection may have in flight. Default 64. */
  maxPendingRequests?: number;
  /** Largest message a client may send. Default 1 MiB. */
  maxMessageBytes?: number;
  clock?: Clock;
}

/** A server the bridge can share (it handles only WebSocket upgrades on its path). */
export type AttachableServer = HttpServer | HttpsServer | Http2SecureServer;

/** A running bridge server. */
export interface FleetServer {
  /** `ws://host:port/path` (or `wss://` when attached to an HTTPS server). */
  readonly url: string;
  readonly port: number;
  /** One entry per connected client: buffered bytes, dropped events, open views. */
  connections(): BridgeConnectionStats[];
  /** Disconnects every client (code 1001), detaches or stops the server, closes the default client. */
  close(): Promise<void>;
}

/** The URL path the bridge answers on unless `path` says otherwise. */
export const DEFAULT_BRIDGE_PATH = '/flotilla';

const DEFAULT_LIMITS: ConnectionLimits = {
  highWaterMark: 1024 * 1024,
  maxBufferedBytes: 16 * 1024 * 1024,
  flushIntervalMs: 25,
  maxViews: 100,
  maxPendingRequests: 64,
};

function configError(message: string): FlotillaError {
  return new FlotillaError({ kind: 'config', clusterId: '', clusterName: 'fleet bridge', message });
}

function handshakePolicy(options: FleetServerOptions): HandshakePolicy {
  if (typeof options.token !== 'string' || options.token.length < MIN_TOKEN_LENGTH)
    throw configError(`createFleetServer: token must be a string of at least ${MIN_TOKEN_LENGTH} characters`);
  const { allowedOrigins } = options;
  let origins: HandshakePolicy['allowedOrigins'];
  if (typeof allowedOrigins === 'function') origins = allowedOrigins;
  else if (Array.isArray(allowedOrigins)) {
    origins = new Set(
      allowedOrigins.map((origin) => {
        const normalized = normalizeOrigin(origin);
        if (!normalized)
          throw configError(`createFleetServer: "${origin}" is not an origin (scheme://host[:port])`);
        return normalized;
      }),
    );
  } else
    throw configError('createFleetServer: allowedOrigins is required (an array of origins or a predicate)');
  return {
    tokenDigest: tokenDigest(options.token),
    allowedOrigins: origins,
    allowMissingOrigin: options.allowMissingOrigin ?? true,
  };
}

function refuseHttp(socket: Duplex, status: number, text: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}

async function listen(server: HttpServer, host: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Serves a fleet to browsers over one WebSocket per client (see `connectFleet`). Loopback-only
 * and token-protected by default; Origin is checked against `allowedOrigins`. Each client gets
 * the fleet snapshot on connect, then changes, events, live views and answers to the calls the
 * protocol allows (`BRIDGE_METHODS`) — nothing else of the manager is reachable. Credentials never
 * cross it: everything sent is the redacted, plain data of the `FleetClient`.
 */
export async function createFleetServer(options: FleetServerOptions): Promise<FleetServer> {
  const policy = handshakePolicy(options);
  const path = options.path ?? DEFAULT_BRIDGE_PATH;
  const clock = options.clock ?? systemClock;
  const ownsClient = !options.client;
  const client = options.client ?? createLocalFleetClient(options.manager);
  const limits: ConnectionLimits = {
    ...DEFAULT_LIMITS,
    ...(options.highWaterMark !== undefined ? { highWaterMark: options.highWaterMark } : {}),
    ...(options.maxBufferedBytes !== undefined ? { maxBufferedBytes: options.maxBufferedBytes } : {}),
    ...(options.maxViewsPerConnection !== undefined ? { maxViews: options.maxViewsPerConnection } : {}),
    ...(options.maxPendingRequests !== undefined ? { maxPendingRequests: options.maxPendingRequests } : {}),
  };
  const context = { client, views: new SharedViews(client), clock, encoder: new MessageEncoder(), limits };
  const connections = new Map<WebSocket, BridgeConnection>();
  // Every upgraded socket, refused ones included (they linger until the client answers the close).
  const sockets = new Set<WebSocket>();
  const alive = new WeakSet<WebSocket>();
  let nextId = 1;

  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: options.maxMessageBytes ?? 1024 * 1024,
    handleProtocols: (protocols) => (protocols.has(BRIDGE_SUBPROTOCOL) ? BRIDGE_SUBPROTOCOL : false),
  });

  const ownsServer = !options.server;
  const server: AttachableServer =
    options.server ??
    createServer((_request: IncomingMessage, response: ServerResponse) => {
      response.writeHead(426, { 'Content-Type': 'text/plain', Upgrade: 'websocket' });
      response.end('the fleet bridge speaks WebSocket only\n');
    });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const pathname = new URL(request.url ?? '/', 'http://bridge').pathname;
    if (pathname !== path) {
      // Another upgrade handler of a shared server (e.g. Vite's HMR) owns other paths.
      if (ownsServer) refuseHttp(socket, 404, 'Not Found');
      return;
    }
    const verdict = checkHandshake(request, policy);
    if (!verdict.ok && verdict.code === BridgeCloseCode.unsupportedProtocol) {
      // Without the subprotocol a browser would fail the handshake anyway; say why over HTTP.
      refuseHttp(socket, 400, `expected subprotocol ${BRIDGE_SUBPROTOCOL}`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => undefined);
      // Refusals complete the handshake so a browser can read the close code; nothing is sent first.
      if (!verdict.ok) return ws.close(verdict.code, verdict.reason);
      const connection = new BridgeConnection(ws, context, nextId++, verdict.origin);
      connections.set(ws, connection);
      alive.add(ws);
      ws.on('pong', () => alive.add(ws));
      connection.start(() => connections.delete(ws));
    });
  };
  server.on('upgrade', onUpgrade);

  const offEvents = client.onEvent((name, payload) => {
    if (connections.size === 0) return;
    let text: string;
    try {
      text = JSON.stringify({ type: 'event', name, payload });
    } catch {
      // This runs inside the fleet's event emitter: an event that cannot be sent is not sent.
      return;
    }
    for (const connection of connections.values()) connection.event(text);
  });

  const pingIntervalMs = options.pingIntervalMs ?? 30_000;
  let pingTimer: TimerHandle | null = null;
  const ping = () => {
    for (const ws of connections.keys()) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
    pingTimer = clock.setTimeout(ping, pingIntervalMs);
  };
  if (pingIntervalMs > 0) pingTimer = clock.setTimeout(ping, pingIntervalMs);

  if (ownsServer) {
    try {
      await listen(server as HttpServer, options.host ?? '127.0.0.1', options.port ?? 0);
    } catch (error) {
      server.off('upgrade', onUpgrade);
      offEvents();
      if (pingTimer !== null) clock.clearTimeout(pingTimer);
      if (ownsClient) client.close();
      throw error;
    }
  }

  const address = () => {
    const bound = server.address() as AddressInfo | string | null;
    return bound && typeof bound === 'object' ? bound : null;
  };
  let closing: Promise<void> | null = null;

  return {
    get port() {
      return address()?.port ?? 0;
    },
    get url() {
      const bound = address();
      const scheme = server instanceof TlsServer ? 'wss' : 'ws';
      const host = !bound ? 'localhost' : bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
      return `${scheme}://${host}:${bound?.port ?? 0}${path}`;
    },
    connections: () => [...connections.values()].map((connection) => connection.stats()),
    close() {
      closing ??= (async () => {
        server.off('upgrade', onUpgrade);
        offEvents();
        if (pingTimer !== null) clock.clearTimeout(pingTimer);
        const closed = [...connections.keys()].map(
          (ws) =>
            new Promise<void>((resolve) => {
              ws.once('close', () => resolve());
              ws.close(BridgeCloseCode.goingAway, 'server shutting down');
              // A client that does not answer the close within a second is cut off.
              setTimeout(() => ws.terminate(), 1000).unref();
            }),
        );
        for (const ws of sockets) if (!connections.has(ws)) ws.terminate();
        await Promise.all(closed);
        for (const connection of connections.values()) connection.dispose();
        connections.clear();
        wss.close();
        if (ownsServer) {
          await new Promise<void>((resolve) => server.close(() => resolve()));
        }
        if (ownsClient) client.close();
      })();
      return closing;
    },
  };
}
