import { Buffer } from 'node:buffer';
import {
  request as httpRequest,
  type Agent as HttpAgent,
  type ClientRequest,
  type IncomingMessage,
} from 'node:http';
import { request as httpsRequest, type Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import { createAbortError } from '../abort-error';
import type { Clock, TimerHandle } from '../clock';
import type { TlsMaterial } from './credentials/cluster-credentials';
import { flattenHeaders, type RequestTarget } from './request-target';

/** A complete HTTP answer, whatever its status. */
export interface Exchange {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Why the exchange itself stopped the request; the caller turns it into an error. */
export type ExchangeStop = 'connect-timeout' | 'headers-timeout' | 'body-idle' | 'too-large';

export interface ExchangeOptions {
  agent: HttpsAgent | HttpAgent;
  target: RequestTarget;
  method: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
  tls: TlsMaterial;
  /** Aborting destroys the request and its socket. */
  signal: AbortSignal;
  maxBytes: number;
  connectTimeoutMs: number;
  /** From sending the request until its response headers arrive; none when undefined. */
  headersTimeoutMs?: number | undefined;
  /** Longest pause between two chunks of the response body; none when undefined. */
  bodyIdleTimeoutMs?: number | undefined;
  clock: Clock;
  /** Sockets whose handshake finished: a reused keep-alive socket needs no connect timeout. */
  connected: WeakSet<Socket>;
  /** Must abort `signal`; the exchange then rejects. */
  stop: (why: ExchangeStop) => void;
  /** Run by the caller once the request settled. */
  cleanups: Array<() => void>;
}

/**
 * One request/response over the given agent, with a connect timeout and a body cap. Rejects with
 * the Node error (or an AbortError after `stop` / an abort); classification is the caller's job.
 */
export function exchange(options: ExchangeOptions): Promise<Exchange> {
  return new Promise<Exchange>((resolve, reject) => {
    const req = send(options);
    const headers = watchdog(options, options.headersTimeoutMs, 'headers-timeout');
    const body = watchdog(options, options.bodyIdleTimeoutMs, 'body-idle');
    headers.arm();
    req.on('error', reject);
    req.on('socket', (socket: Socket) => watchConnect(options, socket));
    req.on('response', (res) => {
      headers.disarm();
      if (Number(res.headers['content-length']) > options.maxBytes) return options.stop('too-large');
      body.arm();
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        body.arm();
        size += chunk.length;
        if (size > options.maxBytes) options.stop('too-large');
        else chunks.push(chunk);
      });
      res.on('error', reject);
      res.on('close', () => {
        if (!res.complete) reject(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
      });
      res.on('end', () => {
        body.disarm();
        resolve({
          status: res.statusCode ?? 0,
          headers: flattenHeaders(res.headers),
          body: Buffer.concat(chunks),
        });
      });
    });
    req.end(options.body);
  });
}

/** A restartable timer that stops the exchange when it runs out; cleared with the call. */
interface Watchdog {
  arm: () => void;
  disarm: () => void;
}

const UNWATCHED: Watchdog = { arm: () => undefined, disarm: () => undefined };

function watchdog(
  options: Pick<ExchangeOptions, 'clock' | 'stop' | 'cleanups'>,
  ms: number | undefined,
  why: ExchangeStop,
): Watchdog {
  if (ms === undefined) return UNWATCHED;
  let timer: TimerHandle | null = null;
  const disarm = () => {
    if (timer !== null) options.clock.clearTimeout(timer);
    timer = null;
  };
  options.cleanups.push(disarm);
  return {
    arm: () => {
      disarm();
      timer = options.clock.setTimeout(() => options.stop(why), ms);
    },
    disarm,
  };
}

/**
 * Sends a request and resolves as soon as the response headers arrive, leaving the body unread:
 * the start of a long-lived response (watch, followed logs). Connect timeout as in {@link exchange}.
 */
export function openResponse(options: Omit<ExchangeOptions, 'maxBytes'>): Promise<IncomingMessage> {
  return new Promise<IncomingMessage>((resolve, reject) => {
    const req = send(options);
    req.on('error', reject);
    req.on('socket', (socket: Socket) => watchConnect(options, socket));
    req.on('response', resolve);
    req.end(options.body);
  });
}

/** Reads a (short, error) body of an opened response, up to `maxBytes`; the rest is dropped. */
export function readBody(res: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      if (size >= maxBytes) return;
      chunks.push(chunk.subarray(0, maxBytes - size));
      size += chunk.length;
    });
    res.on('error', reject);
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

function send(options: Omit<ExchangeOptions, 'maxBytes'>): ClientRequest {
  const { target, tls } = options;
  const common = {
    hostname: target.hostname,
    port: target.port,
    path: target.path,
    method: options.method,
    headers: options.headers,
  };
  const req = !target.https
    ? httpRequest({ ...common, agent: options.agent as HttpAgent })
    : httpsRequest({
        ...common,
        agent: options.agent as HttpsAgent,
        ...(tls.ca ? { ca: tls.ca } : {}),
        ...(tls.cert !== undefined && tls.key !== undefined ? { cert: tls.cert, key: tls.key } : {}),
        rejectUnauthorized: !tls.insecureSkipTLSVerify,
        ...(tls.tlsServerName ? { servername: tls.tlsServerName } : {}),
      });
  destroyOnAbort(options, req);
  return req;
}

/**
 * Destroys the request (and its socket) when the call's signal aborts. Done here rather than by
 * handing Node the signal, which also wires end-of-stream tracking onto every request: the same
 * effect at a fraction of the cost, and a heartbeat sends one request per cluster every few seconds.
 */
function destroyOnAbort(options: Pick<ExchangeOptions, 'signal' | 'cleanups'>, req: ClientRequest): void {
  const { signal } = options;
  const destroy = () => req.destroy(createAbortError('request aborted'));
  if (signal.aborted) {
    destroy();
    return;
  }
  signal.addEventListener('abort', destroy, { once: true });
  options.cleanups.push(() => signal.removeEventListener('abort', destroy));
}

function watchConnect(options: Omit<ExchangeOptions, 'maxBytes'>, socket: Socket): void {
  const { clock, connected } = options;
  if (connected.has(socket)) return;
  const timer = clock.setTimeout(() => options.stop('connect-timeout'), options.connectTimeoutMs);
  const event = options.target.https ? 'secureConnect' : 'connect';
  const done = () => {
    clock.clearTimeout(timer);
    connected.add(socket);
  };
  socket.once(event, done);
  options.cleanups.push(() => {
    clock.clearTimeout(timer);
    socket.off(event, done);
  });
}
