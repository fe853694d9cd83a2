/** A writable text stream as the CLI needs it: process.stdout/stderr, or a test double. */
export interface OutputStream {
  write(text: string): boolean;
  /** True for a terminal: colours and progress bars are only drawn there. */
  readonly isTTY?: boolean;
  /** Terminal width, when known. */
  readonly columns?: number;
}

/** Where a CLI run reads its environment from and writes to; injectable so tests run it in-process. */
export interface CliIO {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Readonly<Record<string, string | undefined>>;
  /**
   * Calls `listener` when the user asks to stop (SIGINT/SIGTERM), which ends long-running commands
   * (`watch`). The returned function stops listening.
   */
  onInterrupt(listener: () => void): () => void;
}

/** The real process: its streams, environment and signals. */
export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    onInterrupt(listener) {
      process.once('SIGINT', listener);
      process.once('SIGTERM', listener);
      return () => {
        process.off('SIGINT', listener);
        process.off('SIGTERM', listener);
      };
    },
  };
}
