import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import { systemClock, type Clock } from '../clock';
import { FlotillaError, type FlotillaErrorKind } from '../errors';
import { redactSecrets } from '../redact';
import type { ClusterTransport, TransportRequest, TransportResponse } from '../transport-types';
import { describeNetworkError, networkFailureKind } from './classify-error';
import type { ClusterCredentials, ResolvedCredentials } from './credentials/cluster-credentials';
import { exchange, type Exchange, type ExchangeStop } from './http-exchange';
import { requestTarget, serializeBody } from './request-target';
import { statusError } from './status-error';

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
  /** Default cap on a response body. Default 64 MiB. */
  maxResponseBytes?: number;
  clock?: Clock;
  userAgent?: string;
}

export const DEFAULT_HTTPS_TRANSPORT = {
  maxSockets: 25,
  connectTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxResponseBytes: 64 * 1024 * 1024,
  userAgent: 'flotilla/0.1',
} as const;

type AbortCause = 'caller' | 'deadline' | 'disposed' | ExchangeStop;

/** The per-request state the exchange and the error mapping share. */
interface Call {
  method: string;
  label: string;
  timeoutMs: number;
  maxBytes: number;
  controller: AbortController;
  cause: AbortCause | null;
  /** Still waiting for credentials (an exec plugin may be running). */
  awaitingCredentials: boolean;
  cleanups: Array<() => void>;
}

/**
 * One cluster's HTTP(S) connection to its API server: its own keep-alive agent (the connection
 * pool), a deadline on every request, cancellation, bounded bodies, and errors classified into
 * FlotillaError with redacted messages. Nothing is shared with another transport.
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
  private pool: HttpsAgent | HttpAgent;
  private readonly inFlight = new Set<Call>();
  private readonly connected = new WeakSet<Socket>();
  // Which credential generation a 401 was sent with, so invalidation is skipped if already refreshed.
  private readonly rejectedWith = new WeakMap<FlotillaError, number>();
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
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_HTTPS_TRANSPORT.maxResponseBytes,
      userAgent: options.userAgent ?? DEFAULT_HTTPS_TRANSPORT.userAgent,
    };
    this.https = new URL(this.credentials.server).protocol === 'https:';
    this.pool = this.createAgent();
  }

  /** The current connection pool (replaced by {@link rebuild}). */
  get agent(): HttpsAgent | HttpAgent {
    return this.pool;
  }

  async request<T = unknown>(request: TransportRequest): Promise<TransportResponse<T>> {
    const method = request.method ?? 'GET';
    const label = `${method} ${request.path}`;
    if (this.disposed) throw this.fail('cancelled', `${label}: transport disposed`);
    if (request.signal?.aborted) throw this.fail('cancelled', `${label}: cancelled`);
    const started = this.clock.now();
    const call: Call = {
      method,
      label,
      timeoutMs: request.timeoutMs ?? this.settings.requestTimeoutMs,
      maxBytes: request.maxResponseBytes ?? this.settings.maxResponseBytes,
      controller: new AbortController(),
      cause: null,
      awaitingCredentials: false,
      cleanups: [],
    };
    this.inFlight.add(call);
    const onCallerAbort = () => this.abort(call, 'caller');
    request.signal?.addEventListener('abort', onCallerAbort, { once: true });
    call.cleanups.push(() => request.signal?.removeEventListener('abort', onCallerAbort));
    const deadline = this.clock.setTimeout(() => this.abort(call, 'deadline'), call.timeoutMs);
    call.cleanups.push(() => this.clock.clearTimeout(deadline));

    let credentials: ResolvedCredentials | null = null;
    try {
      // kubectl sends no credentials over plain HTTP (e.g. to `kubectl proxy`); neither do we.
      if (request.authenticate !== false && this.https) {
        call.awaitingCredentials = true;
        credentials = await this.credentials.resolve(call.controller.signal);
        call.awaitingCredentials = false;
      }
      const exchange = await this.send(call, request, credentials);
      const durationMs = this.clock.now() - started;
      if (exchange.status >= 200 && exchange.status < 300) {
        return {
          status: exchange.status,
          headers: exchange.headers,
          body: this.parse<T>(call, request, exchange),
          durationMs,
        };
      }
      const error = statusError({
        clusterId: this.clusterId,
        clusterName: this.clusterName,
        method,
        path: request.path,
        status: exchange.status,
        headers: exchange.headers,
        body: exchange.body.toString('utf8'),
        secrets: this.credentials.secrets(),
        now: this.clock.now(),
      });
      if (exchange.status === 401 && credentials) this.rejectedWith.set(error, credentials.generation);
      throw error;
    } catch (error) {
      throw this.toFlotillaError(call, error);
    } finally {
      this.inFlight.delete(call);
      for (const cleanup of call.cleanups) cleanup();
    }
  }

  /** Replaces the connection pool; credentials (and their caches) are kept. */
  rebuild(): void {
    if (this.disposed) return;
    const old = this.pool;
    this.pool = this.createAgent();
    old.destroy();
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
    for (const call of [...this.inFlight]) this.abort(call, 'disposed');
    this.pool.destroy();
    this.credentials.dispose();
  }

  private createAgent(): HttpsAgent | HttpAgent {
    const options = { keepAlive: true, maxSockets: this.settings.maxSockets, scheduling: 'lifo' as const };
    return this.https ? new HttpsAgent(options) : new HttpAgent(options);
  }

  private abort(call: Call, cause: AbortCause): void {
    if (call.cause !== null) return;
    call.cause = cause;
    call.controller.abort();
  }

  private send(
    call: Call,
    request: TransportRequest,
    credentials: ResolvedCredentials | null,
  ): Promise<Exchange> {
    const body = serializeBody(request.body);
    return exchange({
      agent: this.pool,
      target: requestTarget(this.credentials.server, request),
      method: call.method,
      headers: {
        Accept: request.accept ?? 'application/json',
        'User-Agent': this.settings.userAgent,
        ...(body
          ? {
              'Content-Type': request.contentType ?? 'application/json',
              'Content-Length': String(body.length),
            }
          : {}),
        ...credentials?.headers,
      },
      body,
      tls: credentials?.tls ?? this.credentials.tls,
      signal: call.controller.signal,
      maxBytes: call.maxBytes,
      connectTimeoutMs: this.settings.connectTimeoutMs,
      clock: this.clock,
      connected: this.connected,
      stop: (why) => this.abort(call, why),
      cleanups: call.cleanups,
    });
  }

  private parse<T>(call: Call, request: TransportRequest, exchange: Exchange): T {
    const text = exchange.body.toString('utf8');
    if (request.responseType === 'text') return text as T;
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      // The body may be a Secret; say how big it was, never what it said.
      throw this.fail(
        'malformed-response',
        `${call.label}: response is not valid JSON (${exchange.body.length} bytes)`,
        error,
      );
    }
  }

  private toFlotillaError(call: Call, error: unknown): FlotillaError {
    const { label } = call;
    switch (call.cause) {
      case 'caller':
        return this.fail('cancelled', `${label}: cancelled`);
      case 'disposed':
        return this.fail('cancelled', `${label}: transport disposed`);
      case 'too-large':
        return this.fail(
          'malformed-response',
          `${label}: response body exceeds the limit of ${call.maxBytes} bytes (maxResponseBytes)`,
        );
      case 'connect-timeout':
        return this.fail(
          'timeout',
          `${label}: could not connect to ${this.credentials.server} within ${this.settings.connectTimeoutMs} ms`,
        );
      case 'deadline':
        // A hung credential plugin is a credential failure, not a connectivity one.
        if (call.awaitingCredentials && this.credentials.authKind === 'exec') {
          return this.fail(
            'exec-plugin',
            `${label}: exec plugin did not return credentials within the ${call.timeoutMs} ms deadline`,
          );
        }
        return this.fail('timeout', `${label}: no response within ${call.timeoutMs} ms`);
      case null:
        break;
    }
    if (error instanceof FlotillaError) return error;
    const kind = networkFailureKind(error);
    return this.fail(kind, `${label}: ${describeNetworkError(error)} (${this.credentials.server})`, error);
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
