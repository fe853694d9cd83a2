/**
 * Builds the error a cancelled wait rejects with. It is a `DOMException` named `AbortError`, the
 * same thing `fetch` rejects with, so one `error.name === 'AbortError'` check covers both.
 */
export function createAbortError(message = 'The operation was aborted'): Error {
  return new DOMException(message, 'AbortError');
}

/** The signal's own reason when it has one, so callers see what they passed to `abort(reason)`. */
export function abortReason(signal: AbortSignal): unknown {
  const reason: unknown = signal.reason;
  return reason === undefined ? createAbortError() : reason;
}

/** True for a cancellation (a `DOMException` or `Error` named `AbortError`, as `fetch` throws). */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
