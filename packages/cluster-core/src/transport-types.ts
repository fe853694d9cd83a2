import type { FlotillaError } from './errors';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

export interface TransportRequest {
  method?: HttpMethod;
  /** Path below the server URL, e.g. `/api/v1/pods`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Serialized as JSON unless a string. */
  body?: unknown;
  contentType?: string;
  accept?: string;
  /** Whole-request deadline (connect + headers + body). */
  timeoutMs?: number;
  /**
   * Fails with `timeout` when the response headers have not arrived this long after the request
   * was sent (default: the transport's `headersTimeoutMs`). Within `timeoutMs` either way.
   */
  headersTimeoutMs?: number;
  /**
   * Fails with `timeout` when the response body stops for this long between two chunks (default:
   * the transport's `bodyIdleTimeoutMs`): a stalled connection is noticed before a long deadline.
   */
  idleTimeoutMs?: number;
  signal?: AbortSignal;
  /** Send credentials (default true); health probes of public endpoints may go without. */
  authenticate?: boolean;
  /** Parse the body as JSON (default) or return text. */
  responseType?: 'json' | 'text';
  /** Bodies larger than this fail with `malformed-response` (default from the transport options). */
  maxResponseBytes?: number;
}

export interface TransportResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  body: T;
  durationMs: number;
}

/**
 * One cluster's HTTP connection to its API server. Implementations throw only FlotillaError, already
 * classified and naming the cluster. No state is shared between two transports.
 */
export interface ClusterTransport {
  request<T = unknown>(request: TransportRequest): Promise<TransportResponse<T>>;
  /** Replaces the connection pool (after repeated transport failures); credentials are kept. */
  rebuild(): void;
  /**
   * Forgets cached credentials (e.g. after a 401), so the next request loads fresh ones. Given the
   * 401 that prompted it, an implementation may skip the refresh when the credentials were already
   * refreshed after that request was sent (client-go: refresh only if not already refreshed), so
   * many concurrent 401s cause one refresh.
   */
  invalidateCredentials(rejected?: FlotillaError): void;
  /**
   * Opens a long-lived response (watch, `pods/log?follow=true`) and yields it line by line. Errors
   * before the body starts (401, 404, refused …) reject like `request`; once streaming, a broken
   * connection ends the iteration with a FlotillaError. `close()` (or the request's signal) ends it.
   */
  stream(request: StreamRequest): Promise<TransportStream>;
  /**
   * Where and how to open a protocol upgrade (exec's WebSocket) to this cluster with the same
   * credentials and TLS settings as its requests. In-process only: never serialize the result.
   */
  upgradeTarget?(signal?: AbortSignal): Promise<UpgradeTarget>;
  /** Aborts every in-flight request and closes the pool; later requests fail with `cancelled`. */
  dispose(): void;
}

export interface UpgradeTarget {
  server: string;
  headers: Record<string, string>;
  tls: {
    ca?: Uint8Array | string;
    cert?: Uint8Array | string;
    key?: Uint8Array | string;
    insecureSkipTLSVerify: boolean;
    tlsServerName?: string;
  };
  /** Credentials to cut out of any error message about this connection. */
  secrets: readonly string[];
}

export interface StreamRequest extends Omit<
  TransportRequest,
  'responseType' | 'timeoutMs' | 'headersTimeoutMs' | 'idleTimeoutMs'
> {
  /** Deadline for the response headers (default: the transport's connect/request deadline). */
  headersTimeoutMs?: number;
  /** Ends the stream with a `timeout` error when no byte arrives for this long (stall watchdog). */
  idleTimeoutMs?: number;
  /** Longest accepted line; a longer one ends the stream with `malformed-response`. Default 16 MiB. */
  maxLineBytes?: number;
}

export interface TransportStream {
  status: number;
  headers: Record<string, string>;
  /** The body split on newlines (without them); iterate once. */
  lines(): AsyncIterable<string>;
  close(): void;
}

export type TransportErrorHandler = (error: FlotillaError) => void;
