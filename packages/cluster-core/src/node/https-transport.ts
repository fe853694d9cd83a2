import { Agent as HttpAgent, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import { systemClock, type Clock } from '../clock';
import { FlotillaError, type FlotillaErrorKind } from '../errors';
import { redactSecrets } from '../redact';
import type {
  ClusterTransport,
  StreamRequest,
  TransportRequest,
  TransportResponse,
  TransportStream,
  UpgradeTarget,
} from '../transport-types';
import type { ClusterCredentials, ResolvedCredentials } from './credentials/cluster-credentials';
import { exchange, openResponse, readBody, type Exchange, type ExchangeOptions } from './http-exchange';
import { LineStream } from './line-stream';
import {
  flattenHeaders,
  requestHeaders,
  requestTarget,
  serializeBody,
  serverTarget,
  type ServerTarget,
} from './request-target';
import { statusError } from './status-error';
import {
  abortCall,
  callError,
  newCall,
  parseBody,
  streamOutcome,
  type Call,
  type CallErrorContext,
} from './transport-call';

export interface HttpsTransportOptions {
  clusterId: string;
  clusterName: string;
  /** This cluster's credentials; the transport owns them from now on and disposes them with itself. */
  credentials: ClusterCredentials;
  /** Connection pool size. Default 25. */
  maxSockets?: number;
  /** TCP connect plus TLS handshake. Default 10 s. */
  connectTimeoutMs?: number;
  /** Deadline of a request without its own `timeoutMs`. Default 30 s. */
  requestTimeoutMs?: number;
  /**
   * Longest wait for the response headers of a request without its own `headersTimeoutMs`.
   * Default 30 s; only armed when the request's deadline is longer (otherwise the deadline comes first).
   */
  headersTimeoutMs?: number;
  /**
   * Longest pause while a response body is read, for requests without their own `idleTimeoutMs`.
   * Default 30 s; only armed when the request's deadline is longer.
   */
  bodyIdleTimeoutMs?: number;
  /** Default cap on a response body. Default 64 MiB. */
  maxResponseBytes?: number;
  /** Default cap on one line of a streamed response. Default 16 MiB. */
  maxLineBytes?: number;
  clock?: Clock;
  userAgent?: string;
}

/** Per-cluster connection pool size and deadlines (see the transport table in docs/core.md). */
export const DEFAULT_HTTPS_TRANSPORT = {
  maxSockets: 25,
  connectTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 30_000,
  bodyIdleTimeoutMs: 30_000,
  maxResponseBytes: 64 * 1024 * 1024,
  maxLineBytes: 16 * 1024 * 1024,
  userAgent: 'flotilla/0.1',
} as const;

/**
 * One cluster's HTTP(S) connection to its API server: its own keep-alive agent (the connection
 * pool), a deadline on every request, cancellation, bounded bodies, and errors classified into
 * FlotillaError with redacted messages. Nothing is shared with another transport.
 *
 * Streams (watches, followed logs) use a second agent of the same cluster without a socket limit:
 * each holds its socket for minutes, and 25 open watches in the request pool would leave no socket
 * for requests and health probes.
 */
export class HttpsTransport implements ClusterTransport {
  readonly clusterId: string;
  readonly clusterName: string;
  private readonly credentials: ClusterCredentials;
  private readonly clock: Clock;
  private readonly settings: Required<
    Omit<HttpsTransportOptions, 'clusterId' | 'clusterName' | 'credentials' | 'clock'>
  >;
  private readonly https: boolean;
  private readonly target: ServerTarget;
  private pool: HttpsAgent | HttpAgent;
  private streamPool: HttpsAgent | HttpAgent;
  private readonly inFlight = new Set<Call>();
  private readonly connected = new WeakSet<Socket>();
  // Which credential generation a 401 was sent with, so invalidation is skipped if already refreshed.
  private readonly rejectedWith = new WeakMap<FlotillaError, number>();
  private readonly errorContext: CallErrorContext;
  private disposed = false;

  constructor(options: HttpsTransportOptions) {
    this.clusterId = options.clusterId;
    this.clusterName = options.clusterName;
    this.credentials = options.credentials;
    this.clock = options.clock ?? systemClock;
    this.settings = {
      maxSockets: options.maxSockets ?? DEFAULT_HTTPS_TRANSPORT.maxSockets,
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_HTTPS_TRANSPORT.connectTimeoutMs,
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_HTTPS_TRANSPORT.requestTimeoutMs,
      headersTimeoutMs: options.headersTimeoutMs ?? DEFAULT_HTTPS_TRANSPORT.headersTimeoutMs,
      bodyIdleTimeoutMs: options.bodyIdleTimeoutMs ?? DEFAULT_HTTPS_TRANSPORT.bodyIdleTimeoutMs,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_HTTPS_TRANSPORT.maxResponseBytes,
      maxLineBytes: options.maxLineBytes ?? DEFAULT_HTTPS_TRANSPORT.maxLineBytes,
      userAgent: options.userAgent ?? DEFAULT_HTTPS_TRANSPORT.userAgent,
    };
    this.target = serverTarget(this.credentials.server);
    this.https = this.target.https;
    this.errorContext = {
      server: this.credentials.server,
      connectTimeoutMs: this.settings.connectTimeoutMs,
      execAuth: this.credentials.authKind === 'exec',
      fail: (kind, message, cause) => this.fail(kind, message, cause),
    };
    this.pool = this.createAgent(false);
    this.streamPool = this.createAgent(true);
  }

  /** The current connection pool (replaced by {@link rebuild}). */
  get agent(): HttpsAgent | HttpAgent {
    return this.pool;
  }

  /** The current pool of long-lived streams (replaced by {@link rebuild}). */
  get streamAgent(): HttpsAgent | HttpAgent {
    return this.streamPool;
  }

  async request<T = unknown>(request: TransportRequest): Promise<TransportResponse<T>> {
    const timeoutMs = request.timeoutMs ?? this.settings.requestTimeoutMs;
    // A watchdog that cannot fire before the deadline would only cost a timer per request.
    const within = (ms: number) => (ms < timeoutMs ? ms : undefined);
    const call = this.begin(
      request,
      newCall(request.method ?? 'GET', request.path, {
        timeoutMs,
        maxBytes: request.maxResponseBytes ?? this.settings.maxResponseBytes,
        idleTimeoutMs: within(request.idleTimeoutMs ?? this.settings.bodyIdleTimeoutMs),
        headersTimeoutMs: within(request.headersTimeoutMs ?? this.settings.headersTimeoutMs),
      }),
    );
    const started = this.clock.now();
    try {
      const credentials = await this.authenticate(call, request);
      const answer = await exchange({
        ...this.exchangeOptions(call, request, credentials, this.pool),
        maxBytes: call.maxBytes,
        headersTimeoutMs: call.headersTimeoutMs,
        bodyIdleTimeoutMs: call.idleTimeoutMs,
      });
      const durationMs = this.clock.now() - started;
      if (answer.status >= 200 && answer.status < 300) {
        return {
          status: answer.status,
          headers: answer.headers,
          body: parseBody<T>(call, request.responseType, answer.body, this.errorContext),
          durationMs,
        };
      }
      throw this.statusFailure(call, request, answer, credentials);
    } catch (error) {
      throw callError(call, error, this.errorContext);
    } finally {
      this.finish(call);
    }
  }

  async stream(request: StreamRequest): Promise<TransportStream> {
    const call = this.begin(
      request,
      newCall(request.method ?? 'GET', request.path, {
        timeoutMs: request.headersTimeoutMs ?? this.settings.requestTimeoutMs,
        maxBytes: request.maxLineBytes ?? this.settings.maxLineBytes,
        idleTimeoutMs: request.idleTimeoutMs,
        headersTimeoutMs: undefined,
      }),
    );
    let response: IncomingMessage;
    try {
      const credentials = await this.authenticate(call, request);
      response = await openResponse(this.exchangeOptions(call, request, credentials, this.streamPool));
      const status = response.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        const body = await readBody(response, this.settings.maxResponseBytes);
        const answer = { status, headers: flattenHeaders(response.headers), body };
        throw this.statusFailure(call, request, answer, credentials);
      }
    } catch (error) {
      this.finish(call);
      throw callError(call, error, this.errorContext);
    }
    // The body may go on for minutes: from here only the stall watchdog bounds it.
    this.clearDeadline(call);
    call.streaming = true;
    return new LineStream({
      status: response.statusCode ?? 0,
      headers: flattenHeaders(response.headers),
      response,
      clock: this.clock,
      idleTimeoutMs: call.idleTimeoutMs,
      maxLineBytes: call.maxBytes,
      stop: (why) => abortCall(call, why),
      outcome: (error, complete) => streamOutcome(call, error, complete, this.errorContext),
      release: () => this.finish(call),
    });
  }

  /** Replaces the connection pools; credentials (and their caches) are kept. */
  rebuild(): void {
    if (this.disposed) return;
    const old = [this.pool, this.streamPool];
    // Open streams end as if the server closed them: their owners resume (a watch from its RV), and
    // the rebuild is not counted again as a burst of transport failures.
    for (const call of this.inFlight) if (call.streaming) abortCall(call, 'closed');
    this.pool = this.createAgent(false);
    this.streamPool = this.createAgent(true);
    for (const agent of old) agent.destroy();
  }

  /** The server, headers and TLS material a WebSocket upgrade (exec) needs to act as this transport. */
  async upgradeTarget(signal?: AbortSignal): Promise<UpgradeTarget> {
    const resolved = await this.credentials.resolve(signal);
    return {
      server: this.credentials.server,
      headers: resolved.headers,
      tls: resolved.tls,
      secrets: this.credentials.secrets(),
    };
  }

  /**
   * Drops cached credentials. Given the 401 that prompted it, does nothing if the credentials were
   * refreshed after that request was sent.
   */
  invalidateCredentials(rejected?: FlotillaError): void {
    if (this.disposed) return;
    this.credentials.invalidate(rejected ? this.rejectedWith.get(rejected) : undefined);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const call of [...this.inFlight]) abortCall(call, 'disposed');
    this.pool.destroy();
    this.streamPool.destroy();
    this.credentials.dispose();
  }

  private createAgent(streams: boolean): HttpsAgent | HttpAgent {
    const options = streams
      ? { keepAlive: true }
      : { keepAlive: true, maxSockets: this.settings.maxSockets, scheduling: 'lifo' as const };
    return this.https ? new HttpsAgent(options) : new HttpAgent(options);
  }

  /** Registers the call: in flight (so dispose aborts it), following the caller's signal, deadline. */
  private begin(request: Pick<TransportRequest, 'signal'>, call: Call): Call {
    if (this.disposed) throw this.fail('cancelled', `${call.label}: transport disposed`);
    if (request.signal?.aborted) throw this.fail('cancelled', `${call.label}: cancelled`);
    this.inFlight.add(call);
    const onCallerAbort = () => abortCall(call, 'caller');
    request.signal?.addEventListener('abort', onCallerAbort, { once: true });
    call.cleanups.push(() => request.signal?.removeEventListener('abort', onCallerAbort));
    call.deadline = this.clock.setTimeout(() => abortCall(call, 'deadline'), call.timeoutMs);
    call.cleanups.push(() => this.clearDeadline(call));
    return call;
  }

  private finish(call: Call): void {
    if (!this.inFlight.delete(call)) return;
    for (const cleanup of call.cleanups) cleanup();
  }

  private clearDeadline(call: Call): void {
    if (call.deadline === null) return;
    this.clock.clearTimeout(call.deadline);
    call.deadline = null;
  }

  private async authenticate(
    call: Call,
    request: Pick<TransportRequest, 'authenticate'>,
  ): Promise<ResolvedCredentials | null> {
    // kubectl sends no credentials over plain HTTP (e.g. to `kubectl proxy`); neither do we.
    if (request.authenticate === false || !this.https) return null;
    call.awaitingCredentials = true;
    const credentials = await this.credentials.resolve(call.controller.signal);
    call.awaitingCredentials = false;
    return credentials;
  }

  private exchangeOptions(
    call: Call,
    request: StreamRequest,
    credentials: ResolvedCredentials | null,
    agent: HttpsAgent | HttpAgent,
  ): Omit<ExchangeOptions, 'maxBytes'> {
    const body = serializeBody(request.body);
    return {
      agent,
      target: requestTarget(this.target, request),
      method: call.method,
      headers: requestHeaders(request, body, this.settings.userAgent, credentials?.headers),
      body,
      tls: credentials?.tls ?? this.credentials.tls,
      signal: call.controller.signal,
      connectTimeoutMs: this.settings.connectTimeoutMs,
      clock: this.clock,
      connected: this.connected,
      stop: (why) => abortCall(call, why),
      cleanups: call.cleanups,
    };
  }

  private statusFailure(
    call: Call,
    request: Pick<TransportRequest, 'path'>,
    answer: Exchange,
    credentials: ResolvedCredentials | null,
  ): FlotillaError {
    const error = statusError({
      clusterId: this.clusterId,
      clusterName: this.clusterName,
      method: call.method,
      path: request.path,
      status: answer.status,
      headers: answer.headers,
      body: answer.body.toString('utf8'),
      secrets: this.credentials.secrets(),
      now: this.clock.now(),
    });
    if (answer.status === 401 && credentials) this.rejectedWith.set(error, credentials.generation);
    return error;
  }

  private fail(kind: FlotillaErrorKind, message: string, cause?: unknown): FlotillaError {
    return new FlotillaError({
      kind,
      clusterId: this.clusterId,
      clusterName: this.clusterName,
      message: redactSecrets(message, this.credentials.secrets()),
      ...(cause !== undefined ? { cause } : {}),
    });
  }
}
