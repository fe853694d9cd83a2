/**
 * What `flotilla` exits with. Scripts can tell "every cluster answered" from "some did not" from
 * "none did" without parsing output.
 */
export const EXIT_CODES = {
  /** Every targeted cluster answered. */
  ok: 0,
  /** A bug or an environment problem outside any one cluster. */
  unexpected: 1,
  /** Bad flags or arguments, or a selection naming no known cluster; nothing was sent to any cluster. */
  usage: 2,
  /** Some clusters answered and some did not: the output is incomplete, not empty. */
  partial: 3,
  /** No targeted cluster answered. */
  allFailed: 4,
} as const;

/** One of {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** The exit code for a set of per-cluster outcomes (true = that cluster answered in full). */
export function exitCodeFor(outcomes: readonly boolean[]): ExitCode {
  const failed = outcomes.filter((ok) => !ok).length;
  if (failed === 0) return EXIT_CODES.ok;
  return failed === outcomes.length ? EXIT_CODES.allFailed : EXIT_CODES.partial;
}
