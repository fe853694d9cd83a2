import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The real executable, as users run it. */
export const BIN = fileURLToPath(new URL('../../../bin/flotilla.mjs', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall time of the whole process, start-up included. */
  durationMs: number;
}

/** An environment without the developer's kubeconfig, preferences or colour settings. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['KUBECONFIG', 'NO_COLOR', 'FORCE_COLOR', 'XDG_CONFIG_HOME', 'FLOTILLA_DEBUG'])
    delete env[key];
  return { ...env, ...extra };
}

/** Runs `flotilla …` to completion as a child process. */
export function runCli(
  args: readonly string[],
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CliResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: cleanEnv(options.env), timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr, durationMs: performance.now() - started });
      },
    );
  });
}

/** A long-running `flotilla …` (watch) whose output is read line by line as it comes. */
export class CliProcess {
  readonly child: ChildProcess;
  readonly stdoutLines: string[] = [];
  stderr = '';
  private partial = '';
  private readonly waiters = new Set<() => void>();
  readonly exited: Promise<number | null>;

  constructor(args: readonly string[], env: Record<string, string> = {}) {
    this.child = spawn(process.execPath, [BIN, ...args], {
      env: cleanEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      const text = this.partial + chunk;
      const lines = text.split('\n');
      this.partial = lines.pop() ?? '';
      this.stdoutLines.push(...lines);
      this.notify();
    });
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
      this.notify();
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  /** Resolves once `predicate` holds for the output so far; rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `timed out waiting for ${what}\nstdout:\n${this.stdoutLines.join('\n')}\nstderr:\n${this.stderr}`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  kill(signal: NodeJS.Signals = 'SIGINT'): void {
    if (this.child.exitCode === null) this.child.kill(signal);
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
