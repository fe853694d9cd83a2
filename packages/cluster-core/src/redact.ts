/**
 * Removes credentials from text that may reach logs, events, errors, exports or a browser:
 * bearer tokens, JWTs, PEM blocks, and `token`/`password`/`client-key-data`-style fields.
 */
const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g, '[REDACTED PEM]'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [REDACTED]'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, '[REDACTED JWT]'],
  [
    /(["']?(?:token|access[-_]?token|id[-_]?token|refresh[-_]?token|password|secret|client[-_]key[-_]data|client[-_]certificate[-_]data)["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,}]+)/gi,
    '$1[REDACTED]',
  ],
];

/** Removes bearer tokens, JWTs, PEM blocks and credential fields from text (see the patterns above). */
export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Also strips a list of known secrets verbatim (e.g. the tokens a session holds). */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  let out = redact(text);
  for (const secret of secrets) {
    if (secret.length >= 6) out = out.split(secret).join('[REDACTED]');
  }
  return out;
}
