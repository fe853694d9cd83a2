/**
 * Running real kubectl binaries against simulated clusters: locating one binary per minor version,
 * hermetic invocations (own cache and HOME each), and reading kubectl's table output.
 */
import { execFile, type ChildProcess, type ExecFileException } from 'node:child_process';
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';

/** The oldest and newest kubectl the testkit promises to serve (BRIEF §4). */
export const KUBECTL_VERSIONS = ['1.27', '1.33'] as const;
export type KubectlVersion = (typeof KUBECTL_VERSIONS)[number];

export const KUBECTL_DIR_ENV = 'FLOTILLA_KUBECTL_DIR';

export const INSTALL_HINT =
  `kubectl ${KUBECTL_VERSIONS.join('/')} not found; install the Google Cloud SDK kubectl component ` +
  `(gcloud components install kubectl, which ships kubectl.1.<minor> binaries) or set ${KUBECTL_DIR_ENV} ` +
  `to a folder holding ${KUBECTL_VERSIONS.map((v) => `kubectl.${v}`).join(' and ')}`;

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Where versioned binaries may live. The plain `kubectl` on PATH is a dispatcher that picks a
 * binary by the server's minor version, so the matrix needs the versioned binaries beside it.
 */
export function kubectlSearchDirectories(env: NodeJS.ProcessEnv = process.env): string[] {
  const override = env[KUBECTL_DIR_ENV];
  if (override) return [override];
  const directories: string[] = [];
  for (const entry of (env['PATH'] ?? '').split(delimiter)) {
    if (!entry) continue;
    const candidate = join(entry, 'kubectl');
    if (!isExecutableFile(candidate)) continue;
    const real = dirname(realpathSync(candidate));
    if (!directories.includes(real)) directories.push(real);
    if (!directories.includes(entry)) directories.push(entry);
  }
  return directories;
}

export function locateKubectl(
  version: KubectlVersion,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  for (const directory of kubectlSearchDirectories(env)) {
    const candidate = join(directory, `kubectl.${version}`);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** The binary for `version`; throws (never skips) so a machine without kubectl fails the suite. */
export function requireKubectl(version: KubectlVersion, env: NodeJS.ProcessEnv = process.env): string {
  const binary = locateKubectl(version, env);
  if (binary) return binary;
  const searched = kubectlSearchDirectories(env);
  throw new Error(
    `${INSTALL_HINT} (kubectl.${version} missing; searched: ${searched.length ? searched.join(', ') : 'nothing, no kubectl on PATH'})`,
  );
}

export interface KubectlTarget {
  binary: string;
  kubeconfigPath: string;
  context: string;
}

export interface KubectlOptions {
  /** kubectl's own `--request-timeout` (default 15s). */
  requestTimeout?: string;
  /** Kills the process after this long, in case kubectl itself hangs (default 45 s). */
  timeoutMs?: number;
}

export interface KubectlResult {
  command: string;
  stdout: string;
  stderr: string;
  /** null when the process was ended by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

/** The whole run, for assertion messages: a failed expectation should show what kubectl said. */
export function describeRun(result: KubectlResult): string {
  return `${result.command}\nexit ${result.exitCode ?? result.signal}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

interface Invocation {
  argv: string[];
  env: NodeJS.ProcessEnv;
  command: string;
  cleanup: () => Promise<void>;
}

async function prepare(
  target: KubectlTarget,
  args: readonly string[],
  options: KubectlOptions,
): Promise<Invocation> {
  // Discovery is cached per host:port, and ports are reused across runs; a shared cache would leak
  // one server's discovery into a test of another.
  const home = await mkdtemp(join(tmpdir(), 'flotilla-kubectl-'));
  const argv = [
    `--kubeconfig=${target.kubeconfigPath}`,
    `--context=${target.context}`,
    `--cache-dir=${join(home, 'cache')}`,
    `--request-timeout=${options.requestTimeout ?? '15s'}`,
    ...args,
  ];
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'KUBECONFIG' || key.startsWith('KUBECTL_')) continue;
    env[key] = value;
  }
  // A private HOME keeps the developer's ~/.kube (config, kuberc aliases) out of the run.
  env['HOME'] = home;
  return {
    argv,
    env,
    command: `${basename(target.binary)} ${argv.join(' ')}`,
    cleanup: () => rm(home, { recursive: true, force: true }),
  };
}

function spawnKubectl(
  target: KubectlTarget,
  invocation: Invocation,
  options: KubectlOptions,
): { child: ChildProcess; done: Promise<KubectlResult> } {
  let settle: { resolve: (result: KubectlResult) => void; reject: (error: Error) => void } | undefined;
  const finished = new Promise<KubectlResult>((resolve, reject) => (settle = { resolve, reject }));
  const child = execFile(
    target.binary,
    invocation.argv,
    {
      env: invocation.env,
      timeout: options.timeoutMs ?? 45_000,
      killSignal: 'SIGKILL',
      maxBuffer: 64 * 1024 * 1024,
    },
    (error: ExecFileException | null, stdout: string, stderr: string) => {
      // A string code means kubectl never ran or its output overflowed: a harness problem, not a result.
      if (error && typeof error.code === 'string') return settle?.reject(error);
      settle?.resolve({
        command: invocation.command,
        stdout,
        stderr,
        exitCode: child.exitCode,
        signal: child.signalCode,
      });
    },
  );
  return { child, done: finished.finally(invocation.cleanup) };
}

/** Runs kubectl to completion. */
export async function kubectl(
  target: KubectlTarget,
  args: readonly string[],
  options: KubectlOptions = {},
): Promise<KubectlResult> {
  const invocation = await prepare(target, args, options);
  return spawnKubectl(target, invocation, options).done;
}

/** A long-running kubectl (e.g. `get -w`) whose output is read while it runs. */
export interface KubectlProcess {
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves with stdout once `predicate` holds; rejects when kubectl exits first or `timeoutMs` passes. */
  waitForOutput(predicate: (stdout: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  /** Ends kubectl (if still running) and returns what it printed. */
  stop(): Promise<KubectlResult>;
}

export async function startKubectl(
  target: KubectlTarget,
  args: readonly string[],
  options: KubectlOptions = {},
): Promise<KubectlProcess> {
  const invocation = await prepare(target, args, options);
  const { child, done } = spawnKubectl(target, invocation, options);
  let stdout = '';
  let stderr = '';
  let exited = false;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  child.stdout?.on('data', (chunk: string | Buffer) => {
    stdout += String(chunk);
    notify();
  });
  child.stderr?.on('data', (chunk: string | Buffer) => {
    stderr += String(chunk);
  });
  const markExited = () => {
    exited = true;
    notify();
  };
  // Handles both outcomes here; a rejection still reaches whoever awaits stop().
  done.then(markExited, markExited);

  return {
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    waitForOutput: (predicate, what, timeoutMs = 20_000) =>
      new Promise<string>((resolve, reject) => {
        const check = () => {
          if (predicate(stdout)) {
            finish();
            resolve(stdout);
          } else if (exited) {
            finish();
            reject(
              new Error(
                `${invocation.command} exited before printing ${what}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`,
              ),
            );
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(
            new Error(
              `${invocation.command} did not print ${what} within ${timeoutMs} ms\n--- stdout\n${stdout}\n--- stderr\n${stderr}`,
            ),
          );
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      }),
    stop: () => {
      if (!exited) child.kill('SIGTERM');
      return done;
    },
  };
}

export interface PrintedTable {
  headers: string[];
  rows: Array<Record<string, string>>;
}

/**
 * Splits kubectl's column output. Cells are aligned under their header, so slicing at the header
 * offsets keeps cells with single spaces (`Ubuntu 24.04.1 LTS`) and headers with one (`NOMINATED NODE`) whole.
 */
export function parseTable(text: string): PrintedTable {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const header = lines[0];
  if (header === undefined) return { headers: [], rows: [] };
  const columns: Array<{ name: string; start: number }> = [];
  const pattern = /\S+(?: \S+)*/g;
  for (let match = pattern.exec(header); match; match = pattern.exec(header)) {
    columns.push({ name: match[0], start: match.index });
  }
  const rows = lines.slice(1).map((line) => {
    const row: Record<string, string> = {};
    columns.forEach((column, i) => {
      const end = columns[i + 1]?.start ?? line.length;
      row[column.name] = line.slice(column.start, end).trim();
    });
    return row;
  });
  return { headers: columns.map((c) => c.name), rows };
}
