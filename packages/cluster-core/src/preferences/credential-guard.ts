import { FlotillaError } from '../errors';

/**
 * The rule that keeps credentials out of preference stores (which end up in localStorage or a plain
 * JSON file). A preference is refused when
 * 1. its name — the key without a trailing clusterId — mentions a credential (token, password,
 *    secret, credential, bearer, api/private/client key, key or certificate data), or
 * 2. its value holds, at any depth, a property named like a kubeconfig/HTTP credential field (`token`,
 *    `password`, `client-key-data` … the fields `redact` blanks) or text that looks like a
 *    credential: a PEM block, an `Authorization` header value, a JWT, an OpenShift `sha256~` token or
 *    an EKS `k8s-aws-v1.` token.
 * The check is a guard against mistakes, not a secret scanner: an opaque random token under an
 * innocent name is not recognised.
 */
const CREDENTIAL_NAME =
  /token|passw(?:or)?d|secret|credential|bearer|api[-_.]?key|private[-_.]?key|client[-_.]?key|key[-_.]?data|cert(?:ificate)?[-_.]?data/i;

const CREDENTIAL_FIELD =
  /^(?:token|access[-_]?token|id[-_]?token|refresh[-_]?token|password|passwd|secret|client[-_]?secret|api[-_]?key|private[-_]?key|client[-_]key[-_]data|client[-_]certificate[-_]data|authorization)$/i;

const CREDENTIAL_TEXT: readonly RegExp[] = [
  /-----BEGIN [A-Z ]+-----/,
  /\b(?:Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/i,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/,
  /\bsha256~[A-Za-z0-9_-]{20,}/,
  /\bk8s-aws-v1\.[A-Za-z0-9_-]{20,}/,
];

/**
 * The name part of a preference key: everything before the first segment that starts a Flotilla
 * clusterId (`manual:…`, `paste:…`, or an absolute kubeconfig path), so a kubeconfig that happens to
 * sit in `~/secrets/` does not make the cluster's preferences look like credentials.
 */
export function preferenceKeyName(key: string): string {
  const segments = key.split(':');
  const start = segments.findIndex((segment, index) => {
    const next = segments[index + 1] ?? '';
    return (
      segment === 'manual' ||
      segment === 'paste' ||
      /^[/\\~]/.test(segment) ||
      (/^[A-Za-z]$/.test(segment) && /^[/\\]/.test(next))
    );
  });
  return start === -1 ? key : segments.slice(0, start).join(':');
}

/** Why a preference looks like a credential, or `null` when it does not. Expects JSON-safe values. */
export function credentialReason(name: string, value: unknown): string | null {
  if (CREDENTIAL_NAME.test(name)) return `the preference name "${name}" looks like a credential`;
  return valueReason(value, 0);
}

function valueReason(value: unknown, depth: number): string | null {
  if (depth > 32) return null;
  if (typeof value === 'string') {
    return CREDENTIAL_TEXT.some((pattern) => pattern.test(value))
      ? 'the value contains credential-like text'
      : null;
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const reason = valueReason(item, depth + 1);
      if (reason) return reason;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [field, item] of Object.entries(value)) {
      if (CREDENTIAL_FIELD.test(field)) return `the value has a credential field "${field}"`;
      const reason = valueReason(item, depth + 1);
      if (reason) return reason;
    }
  }
  return null;
}

/**
 * Serializes a preference, refusing credentials and values JSON cannot carry (functions, BigInt,
 * cycles) with a `config` FlotillaError.
 */
export function encodePreference(key: string, value: unknown, name: string = preferenceKeyName(key)): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  if (json === undefined) throw preferenceError(`the value of "${name}" cannot be stored as JSON`);
  const reason = credentialReason(name, JSON.parse(json));
  if (reason) throw preferenceError(`refused to store a credential in preferences: ${reason}`);
  return json;
}

/** Parses a stored preference; `undefined` for anything unreadable, never an exception. */
export function decodePreference(json: string | null | undefined): unknown {
  if (json === null || json === undefined) return undefined;
  try {
    return deepFreeze(JSON.parse(json) as unknown);
  } catch {
    return undefined;
  }
}

/**
 * Stored values are frozen: a store hands out the same object until the value changes (what React's
 * useSyncExternalStore needs), so a caller mutating it would change the store behind its back.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

export function preferenceError(message: string): FlotillaError {
  return new FlotillaError({ kind: 'config', clusterId: '', clusterName: 'preferences', message });
}
