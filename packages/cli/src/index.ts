/**
 * `@flotilla/cli`: the `flotilla` command line, also callable in-process.
 *
 * @module \@flotilla/cli
 */
export { run } from './run';
export { EXIT_CODES, exitCodeFor } from './exit-codes';
export type { ExitCode } from './exit-codes';
export { processIO } from './cli-io';
export type { CliIO, OutputStream } from './cli-io';
export { UsageError } from './usage-error';
