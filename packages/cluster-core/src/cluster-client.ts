import { isAbortError } from './abort-error';
import { defaultRandom, systemClock, type Clock, type RandomSource } from './clock';
import { FlotillaError } from './errors';
import type { FetchRetryingEvent } from './events';
import { linkSignals, type LinkedSignal } from './linked-signal';
import { observeStream } from './observed-stream';
import { TokenBucketRateLimiter, type TokenBucketRateLimiterOptions } from './rate-limiter';
import { redact } from './redact';
import { RequestRetries, type RetryOptions } from './retry-policy';
import type {
  ClusterTransport,
  StreamRequest,
  TransportRequest,
  TransportResponse,
  TransportStream,
} from './transport-types';

/** `cluster:fetch:retrying` without the cluster reference, which the session adds. */
export type RetryingInfo = Omit<FetchRetryingEvent, 'clusterId' | 'clusterName'>;

/** A transport request plus what only the pipeline cares about. */
export interface ClientRequest extends TransportRequest {
  /**
   * Safe to send twice. Defaults to true for GET and HEAD only; mark a PUT or DELETE you know to
   * be idempotent to have it retried on 429/5xx and connection failures.
   */
  idempotent?: boolean;
}

export interface ClusterClientOptions {
  transport: ClusterTransport;
  clusterId: string;
  clusterName: string;
  /** This cluster's own token bucket; default QPS 5, burst 10 (client-go). `false` turns it off. */
  rateLimit?: Pick<TokenBucketRateLimiterOptions, 'qps' | 'burst'> | false;
  /** Retry policy; `false` never retries (the one 401 refresh still happens). */
  retry?: RetryOptions | false;
  clock?: Clock;
  random?: RandomSource;
  /** Before each backoff wait. */
  onRetrying?: (event: RetryingInfo) => void;
  /** Once per request that finally failed, and once per stream that failed (not for cancellations). */
  onError?: (error: FlotillaError) => void;
  /** Once per request that succeeded (and per stream opened), with the duration of the attempt that did. */
  onSuccess?: (durationMs: number) => void;
}

/**
 * One cluster's request pipeline over any {@link ClusterTransport}: its own rate limiter, retries
 * of idempotent requests on 429/5xx (honouring Retry-After) and connection failures with jittered
 * backoff, and one credential refresh after a 401. All state is per instance (per cluster) or per
 * request; nothing here is shared with another cluster.
 */
export class ClusterClient {
  readonly clusterId: string;
  readonly clusterName: string;
  /** Null when rate limiting is off. */
  readonly rateLimiter: TokenBucketRateLimiter | null;
  private readonly transport: ClusterTransport;
  private readonly clock: Clock;
  private readonly random: RandomSource;
  private readonly lifetime = new AbortController();

  constructor(private readonly options: ClusterClientOptions) {
    this.clusterId = options.clusterId;
    this.clusterName = options.clusterName;
    this.transport = options.transport;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? defaultRandom;
    this.rateLimiter =
      options.rateLimit === false
        ? null
        : new TokenBucketRateLimiter({ ...options.rateLimit, clock: this.clock });
  }

  get isDisposed(): boolean {
    return this.lifetime.signal.aborted;
  }

  /** Sends one request to this cluster; throws a FlotillaError naming it. */
  async request<T = unknown>(request: ClientRequest): Promise<TransportResponse<T>> {
    const { idempotent: marked, ...transportRequest } = request;
    const method = request.method ?? 'GET';
    const idempotent = marked ?? (method === 'GET' || method === 'HEAD');
    const linked = linkSignals(request.signal, this.lifetime.signal);
    const signal = linked.signal;
    const retries = new RequestRetries(this.options.retry ?? {}, this.clock, this.random);
    let refreshed = false;
    try {
      for (;;) {
        try {
          await this.rateLimiter?.acquire(signal);
          const response = await this.transport.request<T>({ ...transportRequest, signal });
          this.notify(() => this.options.onSuccess?.(response.durationMs));
          return response;
        } catch (raw) {
          const error = this.normalize(raw, signal, method, request.path);
          if (error.kind === 'cancelled') throw error;
          // A 401 may just mean an expired token: refresh once, as client-go does, then believe it.
          if (error.kind === 'auth' && error.status === 401 && !refreshed && request.authenticate !== false) {
            refreshed = true;
            this.transport.invalidateCredentials(error);
            continue;
          }
          const plan = retries.next(error, idempotent);
          if (!plan) {
            this.notify(() => this.options.onError?.(error));
            throw error;
          }
          const event: RetryingInfo = {
            attempt: retries.count,
            maxRetries: plan.maxRetries,
            delayMs: plan.delayMs,
            reason: error.message,
            method,
            path: request.path,
          };
          this.notify(() => this.options.onRetrying?.(event));
          await this.sleep(plan.delayMs, signal, method, request.path);
        }
      }
    } finally {
      linked.release();
    }
  }

  /**
   * Opens a long-lived response (watch, followed logs) through this cluster's rate limiter. It is
   * never retried: its owner (a reflector) decides when to try again. Only the credential refresh
   * after a 401 happens, as for every request. A failure once streaming reaches `onError` too; the
   * stream ends when closed, its signal aborts or this client is disposed.
   */
  async stream(request: StreamRequest): Promise<TransportStream> {
    const method = request.method ?? 'GET';
    const linked = linkSignals(request.signal, this.lifetime.signal);
    const signal = linked.signal;
    let refreshed = false;
    for (;;) {
      try {
        await this.rateLimiter?.acquire(signal);
        const started = this.clock.now();
        const stream = await this.transport.stream({ ...request, signal });
        this.notify(() => this.options.onSuccess?.(this.clock.now() - started));
        return this.observe(stream, linked, method, request.path);
      } catch (raw) {
        const error = this.normalize(raw, signal, method, request.path);
        if (error.kind === 'auth' && error.status === 401 && !refreshed && request.authenticate !== false) {
          refreshed = true;
          this.transport.invalidateCredentials(error);
          continue;
        }
        linked.release();
        if (error.kind !== 'cancelled') this.notify(() => this.options.onError?.(error));
        throw error;
      }
    }
  }

  /** Cancels waiting and in-flight requests of this client; later requests fail with `cancelled`. */
  dispose(): void {
    if (this.lifetime.signal.aborted) return;
    this.lifetime.abort();
    this.rateLimiter?.stop();
  }

  private observe(
    stream: TransportStream,
    linked: LinkedSignal,
    method: string,
    path: string,
  ): TransportStream {
    return observeStream(stream, {
      onError: (raw) => {
        const error = this.normalize(raw, linked.signal, method, path);
        if (error.kind !== 'cancelled') this.notify(() => this.options.onError?.(error));
      },
      onEnd: () => linked.release(),
    });
  }

  private sleep(ms: number, signal: AbortSignal, method: string, path: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(this.cancelled(method, path));
        return;
      }
      const onAbort = () => {
        this.clock.clearTimeout(timer);
        reject(this.cancelled(method, path));
      };
      const timer = this.clock.setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private normalize(error: unknown, signal: AbortSignal, method: string, path: string): FlotillaError {
    // Once the caller (or dispose) cancelled, whatever the transport threw on the way out is noise.
    if (signal.aborted || isAbortError(error)) return this.cancelled(method, path);
    if (error instanceof FlotillaError) return error;
    return new FlotillaError({
      kind: 'transport',
      clusterId: this.clusterId,
      clusterName: this.clusterName,
      message: `${method} ${path}: ${redact(error instanceof Error ? error.message : String(error))}`,
      cause: error,
    });
  }

  private cancelled(method: string, path: string): FlotillaError {
    const why = this.lifetime.signal.aborted ? 'client disposed' : 'cancelled';
    return new FlotillaError({
      kind: 'cancelled',
      clusterId: this.clusterId,
      clusterName: this.clusterName,
      message: `${method} ${path}: ${why}`,
    });
  }

  /** A throwing listener must not turn a good response into a failed request. */
  private notify(callback: () => void): void {
    try {
      callback();
    } catch {
      // Listener errors belong to the listener; the request's outcome stands.
    }
  }
}
