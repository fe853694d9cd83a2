import { FlotillaError, type FlotillaErrorKind, type SerializedFlotillaError } from '../errors';

/**
 * The clusterId of an error about the bridge itself (the link dropped, a request not tied to one
 * cluster). Empty, so it can never be mistaken for a real cluster id.
 */
export const BRIDGE_CLUSTER_ID = '';
/** The label such errors carry in place of a cluster name. */
export const BRIDGE_LABEL = 'fleet bridge';

/** The cluster an error is about, or the bridge itself. */
export interface ErrorSubject {
  clusterId: string;
  clusterName?: string;
}

export const BRIDGE_SUBJECT: ErrorSubject = { clusterId: BRIDGE_CLUSTER_ID, clusterName: BRIDGE_LABEL };

/**
 * Turns a serialized error back into a `FlotillaError`, so `instanceof`, `kind` and `clusterId`
 * work the same as in-process. The `[cluster]` prefix the server added is not doubled.
 */
export function rehydrateError(serialized: SerializedFlotillaError): FlotillaError {
  const label = serialized.clusterName ?? serialized.clusterId;
  const prefix = `[${label}] `;
  const message = serialized.message.startsWith(prefix)
    ? serialized.message.slice(prefix.length)
    : serialized.message;
  return new FlotillaError({
    kind: serialized.kind,
    clusterId: serialized.clusterId,
    ...(serialized.clusterName !== undefined ? { clusterName: serialized.clusterName } : {}),
    message,
    retryable: serialized.retryable,
    ...(serialized.status !== undefined ? { status: serialized.status } : {}),
    ...(serialized.reason !== undefined ? { statusBody: { reason: serialized.reason } } : {}),
    ...(serialized.retryAfterSeconds !== undefined
      ? { retryAfterSeconds: serialized.retryAfterSeconds }
      : {}),
  });
}

export function bridgeError(
  kind: FlotillaErrorKind,
  message: string,
  subject: ErrorSubject = BRIDGE_SUBJECT,
  retryable?: boolean,
): FlotillaError {
  return new FlotillaError({
    kind,
    clusterId: subject.clusterId,
    ...(subject.clusterName !== undefined ? { clusterName: subject.clusterName } : {}),
    message,
    ...(retryable !== undefined ? { retryable } : {}),
  });
}
