import { spawn } from 'node:child_process';

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Only when asked for; otherwise stdout went to /dev/null. */
  stdout?: string;
  stderr: string;
}

export interface ProcessRun {
  readonly exited: Promise<ProcessResult>;
  /** Ends the process if it still runs; resolves once it is gone. */
  kill(): Promise<void>;
}

/** Longest stderr kept per process: enough for the last error line of any tool. */
const STDERR_LIMIT = 64 * 1024;

/**
 * Starts a command whose output a benchmark either reads (`captureStdout`, to verify it) or
 * discards: discarded output goes straight to /dev/null, so no reader in this process adds cost.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { captureStdout: boolean; env?: NodeJS.ProcessEnv },
): ProcessRun {
  const child = spawn(command, args, {
    stdio: ['ignore', options.captureStdout ? 'pipe' : 'ignore', 'pipe'],
    env: options.env ?? process.env,
  });
  const stdout: Buffer[] = [];
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_LIMIT);
  });
  const exited = new Promise<ProcessResult>((resolve) => {
    child.on('error', (error) =>
      resolve({ code: null, signal: null, stderr: `${stderr}\n${error.message}` }),
    );
    child.on('close', (code, signal) =>
      resolve({
        code,
        signal,
        stderr,
        ...(options.captureStdout ? { stdout: Buffer.concat(stdout).toString('utf8') } : {}),
      }),
    );
  });
  return {
    exited,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
