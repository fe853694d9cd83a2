import { spawn, type ChildProcess } from 'node:child_process';
import { basename } from 'node:path';
import process from 'node:process';
import type { Clock } from '../../clock';
import { redact } from '../../redact';
import { credentialError, type CredentialOwner } from './credential-source';
import { execInfo, type ExecClusterInfo, type ExecPluginConfig } from './exec-config';

export interface RunExecPluginOptions {
  owner: CredentialOwner;
  /** The plugin is killed after this long. */
  timeoutMs: number;
  clock: Clock;
  /** Aborting kills the plugin (the cluster was removed). */
  signal?: AbortSignal;
  cluster?: ExecClusterInfo;
}

// A credential is a few KiB; anything near this is a plugin printing something else.
const MAX_STDOUT_BYTES = 1024 * 1024;
const STDERR_TAIL_BYTES = 8 * 1024;
const STDERR_IN_MESSAGE = 500;

// POSIX: the plugin gets its own process group so a wrapper script and whatever it started die together.
const OWN_PROCESS_GROUP = process.platform !== 'win32';

/**
 * Runs a client-go exec credential plugin once and resolves with its stdout. Failures are
 * `exec-plugin` errors whose message carries the tail of stderr (redacted), never stdout.
 */
export function runExecPlugin(config: ExecPluginConfig, options: RunExecPluginOptions): Promise<string> {
  const { owner, clock, signal } = options;
  const name = basename(config.command);
  const fail = (message: string, cause?: unknown) =>
    credentialError(owner, 'exec-plugin', `exec plugin "${name}" ${message}`, cause);
  if (signal?.aborted)
    return Promise.reject(credentialError(owner, 'cancelled', `exec plugin "${name}" cancelled`));

  return new Promise<string>((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(config.command, config.args, {
        env: { ...process.env, ...config.env, KUBERNETES_EXEC_INFO: execInfo(config, options.cluster) },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: OWN_PROCESS_GROUP,
        windowsHide: true,
      });
    } catch (error) {
      reject(fail(`could not be started: ${error instanceof Error ? error.message : String(error)}`, error));
      return;
    }
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let settled = false;

    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clock.clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const killAndFail = (error: unknown) => {
      kill(child);
      settle(() => reject(error));
    };
    const onAbort = () => killAndFail(credentialError(owner, 'cancelled', `exec plugin "${name}" cancelled`));
    const timer = clock.setTimeout(
      () => killAndFail(fail(`did not finish within ${options.timeoutMs} ms and was killed`)),
      options.timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout?.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > MAX_STDOUT_BYTES) killAndFail(fail(`printed more than ${MAX_STDOUT_BYTES} bytes`));
      else stdout.push(chunk);
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL_BYTES);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        const hint = config.installHint ? `\n${redact(config.installHint)}` : '';
        settle(() => reject(fail(`not found (command ${config.command})${hint}`, error)));
      } else {
        killAndFail(fail(`could not be run: ${error.message}`, error));
      }
    });
    child.on('close', (code, exitSignal) => {
      if (code === 0) {
        settle(() => resolve(Buffer.concat(stdout).toString('utf8')));
        return;
      }
      const how =
        code === null ? `was terminated by ${exitSignal ?? 'a signal'}` : `exited with code ${code}`;
      settle(() => reject(fail(`${how}${describeStderr(stderr)}`)));
    });
  });
}

function describeStderr(stderr: string): string {
  const text = redact(stderr.trim());
  if (!text) return '';
  return `: ${text.length > STDERR_IN_MESSAGE ? `…${text.slice(-STDERR_IN_MESSAGE)}` : text}`;
}

function kill(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (OWN_PROCESS_GROUP && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}
