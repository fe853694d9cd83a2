import { redact } from '../redact';

const REDACTED = '[REDACTED]';

/** The field names `redact()` blanks in text, applied to object keys as well. */
const SENSITIVE_KEY =
  /^(?:token|access[-_]?token|id[-_]?token|refresh[-_]?token|password|passwd|secret|client[-_]?secret|client[-_]key[-_]data|client[-_]certificate[-_]data|api[-_]?key|private[-_]?key)$/i;

/** Environment variables whose values are credentials by name (`DB_PASSWORD`, `API_TOKEN`). */
const SENSITIVE_ENV = /(?:password|passwd|secret|token|api[-_]?key|private[-_]?key|credentials?)/i;

/** Annotations that can embed a whole object, Secret data included. */
const DROPPED_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration'];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function isEnvEntry(value: Record<string, unknown>): boolean {
  return typeof value['name'] === 'string' && typeof value['value'] === 'string';
}

/**
 * A copy safe to put in a report: Secret `data`/`stringData` removed, last-applied-configuration
 * dropped, credential-named fields and env values blanked, and every string passed through
 * `redact()`. Never mutates its input (stored objects are shared).
 */
export function sanitizeValue(value: unknown, kind?: string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((entry) => sanitizeValue(entry));
  if (!isRecord(value)) return value;
  const isSecret = (kind ?? value['kind']) === 'Secret';
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = value[key];
    if (isSecret && (key === 'data' || key === 'stringData')) continue;
    if (SENSITIVE_KEY.test(key) && typeof field === 'string') {
      out[key] = REDACTED;
    } else if (key === 'value' && isEnvEntry(value) && SENSITIVE_ENV.test(value['name'] as string)) {
      out[key] = REDACTED;
    } else if (key === 'annotations' && isRecord(field)) {
      const kept: Record<string, unknown> = {};
      for (const name of Object.keys(field)) {
        if (!DROPPED_ANNOTATIONS.includes(name)) kept[name] = sanitizeValue(field[name]);
      }
      out[key] = kept;
    } else {
      out[key] = sanitizeValue(field);
    }
  }
  return out;
}

export function sanitizeText(text: string): string {
  return redact(text);
}

const LAST_SEGMENT = /(?:\.([^.[\]]+)|\["([^"]+)"\])$/;
const ENV_VALUE = /\benv\[name=([^\]]+)\]\.value$/;

/**
 * Sanitizes one value found at `path` of an object of `kind` (as in a diff), where the value no
 * longer carries the context (its key, its Secret) that {@link sanitizeValue} relies on.
 */
export function sanitizeAtPath(path: string, value: unknown, kind: string): unknown {
  if (kind === 'Secret' && /^(?:data|stringData)(?:$|[.[])/.test(path)) return REDACTED;
  if (DROPPED_ANNOTATIONS.some((name) => path.includes(JSON.stringify(name)))) return REDACTED;
  const last = LAST_SEGMENT.exec(path);
  const key = last?.[1] ?? last?.[2] ?? path;
  if (SENSITIVE_KEY.test(key) && typeof value === 'string') return REDACTED;
  const env = ENV_VALUE.exec(path);
  if (env && SENSITIVE_ENV.test(env[1] as string)) return REDACTED;
  return sanitizeValue(value);
}
