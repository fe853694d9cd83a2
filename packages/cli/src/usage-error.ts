/**
 * A mistake in how the command was called (a bad flag value, conflicting flags, an unknown
 * cluster or group). Reported before any cluster is contacted, with exit code 2.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
