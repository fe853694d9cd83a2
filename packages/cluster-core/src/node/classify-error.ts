/** The connectivity kinds a failed exchange (no HTTP answer) can end in. */
export type NetworkFailureKind = 'transport' | 'tls' | 'timeout';

// Certificate verification and handshake failures: retrying cannot help, the configuration must change.
const TLS_CODES: ReadonlySet<string> = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'HOSTNAME_MISMATCH',
  'EPROTO',
]);

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  EPIPE: 'connection closed while sending',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  ECONNABORTED: 'connection aborted',
};

export function errorCode(error: unknown): string | undefined {
  const code: unknown =
    typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** Sorts a Node network error into the kind the rest of Flotilla reacts to. */
export function networkFailureKind(error: unknown): NetworkFailureKind {
  const code = errorCode(error);
  if (code === undefined) return 'transport';
  if (code === 'ETIMEDOUT') return 'timeout';
  if (
    TLS_CODES.has(code) ||
    code.startsWith('CERT_') ||
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_')
  ) {
    return 'tls';
  }
  return 'transport';
}

/** A short human description, e.g. `connection refused (ECONNREFUSED)`; never includes request data. */
export function describeNetworkError(error: unknown): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (message === 'socket hang up')
    return 'connection closed by the server before it answered (socket hang up)';
  if (networkFailureKind(error) === 'tls')
    return `TLS handshake failed: ${message}${code ? ` (${code})` : ''}`;
  const known = code ? DESCRIPTIONS[code] : undefined;
  if (known) return `${known} (${code})`;
  return code ? `${message} (${code})` : message;
}
