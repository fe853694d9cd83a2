import { FlotillaError, kindForStatus, type KubeStatus } from '../errors';
import { redact, redactSecrets } from '../redact';

export interface StatusErrorInput {
  clusterId: string;
  clusterName: string;
  method: string;
  path: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  secrets: readonly string[];
  /** For HTTP-date Retry-After values. */
  now: number;
}

export { kindForStatus };

/**
 * Turns a non-2xx answer into a FlotillaError carrying the parsed `Status` body — 401s included,
 * which client-node 1.4 drops — and the server's Retry-After.
 */
export function statusError(input: StatusErrorInput): FlotillaError {
  // Verbatim first, on the raw text: a server may echo a credential anywhere (a name, a cause), and
  // replacing the exact secret cannot break the JSON around it.
  let body = input.body;
  for (const secret of input.secrets) if (secret.length >= 6) body = body.split(secret).join('[REDACTED]');
  const statusBody = parseStatus(body);
  const reason = statusBody?.reason;
  const detail = statusBody?.message ?? (statusBody ? undefined : plainDetail(body));
  const retryAfterSeconds =
    parseRetryAfter(input.headers['retry-after'], input.now) ??
    (input.status === 429 ? statusBody?.details?.retryAfterSeconds : undefined);
  const message = `${input.method} ${input.path}: ${input.status}${reason ? ` ${reason}` : ''}${detail ? `: ${detail}` : ''}`;
  return new FlotillaError({
    kind: kindForStatus(input.status),
    clusterId: input.clusterId,
    clusterName: input.clusterName,
    message: redactSecrets(message, input.secrets),
    status: input.status,
    ...(statusBody ? { statusBody } : {}),
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  });
}

function parseStatus(body: string): KubeStatus | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const status = parsed as KubeStatus;
  if (status.kind !== 'Status' && typeof status.message !== 'string' && typeof status.reason !== 'string')
    return undefined;
  return typeof status.message === 'string' ? { ...status, message: redact(status.message) } : status;
}

// Proxies in front of an apiserver answer errors in HTML or text; a short excerpt helps, a page does not.
function plainDetail(body: string): string | undefined {
  const text = body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return undefined;
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** Retry-After is delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
