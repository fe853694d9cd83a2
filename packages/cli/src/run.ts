import { CommanderError } from 'commander';
import { processIO, type CliIO } from './cli-io';
import { EXIT_CODES, type ExitCode } from './exit-codes';
import { buildProgram, globalOptions, type ActionRunner } from './program';
import { UsageError } from './usage-error';

/**
 * Runs `flotilla` with `argv` (without the node and script paths) and resolves with its exit code.
 * Never throws and never calls `process.exit`: output written to a pipe is flushed before the
 * process ends on its own, which it does promptly because every command disposes its clusters.
 */
export async function run(argv: readonly string[], io: CliIO = processIO()): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT_CODES.ok;
  const runner: ActionRunner = async (action, command) => {
    exitCode = await action(globalOptions(command, io));
  };
  try {
    await buildProgram(io, runner).parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return report(error, io);
  }
}

function report(error: unknown, io: CliIO): ExitCode {
  if (error instanceof CommanderError) {
    // commander has printed its message (or the help) already.
    return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
  }
  if (error instanceof UsageError) {
    io.stderr.write(`error: ${error.message}\n(add --help for usage)\n`);
    return EXIT_CODES.usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`error: ${message}\n`);
  if (io.env['FLOTILLA_DEBUG'] && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return EXIT_CODES.unexpected;
}
