import { redact } from './redact';

/**
 * What went wrong, from the caller's point of view. The first ten are the failure classes every
 * cluster operation can end in; the rest describe a request the cluster understood and refused.
 */
export type FlotillaErrorKind =
  | 'auth'
  | 'authz'
  | 'throttled'
  | 'server'
  | 'transport'
  | 'tls'
  | 'timeout'
  | 'cancelled'
  | 'config'
  | 'exec-plugin'
  | 'not-found'
  | 'conflict'
  | 'invalid'
  | 'malformed-response'
  | 'unknown-cluster';

/** A Kubernetes `metav1.Status` body as returned with an error. */
export interface KubeStatus {
  kind?: 'Status';
  apiVersion?: string;
  status?: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  code?: number;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: Array<{ reason?: string; message?: string; field?: string }>;
    retryAfterSeconds?: number;
  };
}

export interface FlotillaErrorInit {
  kind: FlotillaErrorKind;
  clusterId: string;
  clusterName?: string;
  message: string;
  /** Whether trying the same request again may succeed without anything else changing. */
  retryable?: boolean;
  /** HTTP status, when the cluster answered. */
  status?: number;
  /** The parsed `Status` body, when the cluster sent one (401s included). */
  statusBody?: KubeStatus;
  /** Seconds the server asked us to wait (Retry-After). */
  retryAfterSeconds?: number;
  cause?: unknown;
}

const RETRYABLE_BY_DEFAULT: ReadonlySet<FlotillaErrorKind> = new Set([
  'throttled',
  'server',
  'transport',
  'timeout',
]);

/**
 * The one error type Flotilla throws and reports. It always names its cluster, and its message is
 * redacted: tokens, keys and credential output never appear in it.
 */
export class FlotillaError extends Error {
  override readonly name = 'FlotillaError';
  readonly kind: FlotillaErrorKind;
  readonly clusterId: string;
  readonly clusterName: string | undefined;
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly statusBody: KubeStatus | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(init: FlotillaErrorInit) {
    const label = init.clusterName ?? init.clusterId;
    super(`[${label}] ${redact(init.message)}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.clusterId = init.clusterId;
    this.clusterName = init.clusterName;
    this.retryable = init.retryable ?? RETRYABLE_BY_DEFAULT.has(init.kind);
    this.status = init.status;
    this.statusBody = init.statusBody ? sanitizeStatus(init.statusBody) : undefined;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  /** A plain, serializable, redacted view (for events, logs, exports and the browser bridge). */
  toJSON(): SerializedFlotillaError {
    return {
      kind: this.kind,
      clusterId: this.clusterId,
      ...(this.clusterName !== undefined ? { clusterName: this.clusterName } : {}),
      message: this.message,
      retryable: this.retryable,
      ...(this.status !== undefined ? { status: this.status } : {}),
      ...(this.statusBody ? { reason: this.statusBody.reason } : {}),
      ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
    };
  }
}

export interface SerializedFlotillaError {
  kind: FlotillaErrorKind;
  clusterId: string;
  clusterName?: string;
  message: string;
  retryable: boolean;
  status?: number;
  reason?: string;
  retryAfterSeconds?: number;
}

function sanitizeStatus(status: KubeStatus): KubeStatus {
  return { ...status, ...(status.message !== undefined ? { message: redact(status.message) } : {}) };
}

/** Narrows an unknown thrown value to a {@link FlotillaError}. */
export function isFlotillaError(error: unknown): error is FlotillaError {
  return error instanceof FlotillaError;
}

/** The kind of a non-2xx answer (or of a watch `ERROR` event's Status code). */
export function kindForStatus(status: number): FlotillaErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'authz';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'throttled';
  if (status >= 500) return 'server';
  return 'invalid';
}

/** The auth-class kinds: what the AuthRecoveryScheduler treats as "credentials refused". */
export const isAuthFailure = (error: FlotillaError) => error.kind === 'auth' || error.kind === 'exec-plugin';

/** The connectivity kinds: what the TransportFailureTracker counts. */
export const isTransportFailure = (error: FlotillaError) =>
  error.kind === 'transport' || error.kind === 'timeout' || error.kind === 'tls';
