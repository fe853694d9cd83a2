import { execFile } from 'node:child_process';
import { join } from 'node:path';

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end; a non-zero exit is returned, not thrown, so the caller can explain it. */
export function runProcess(
  file: string,
  args: readonly string[],
  env?: NodeJS.ProcessEnv,
): Promise<ProcessResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      [...args],
      { env: env ?? process.env, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      },
    );
  });
}

/**
 * The environment of every subject: no colours, no inherited kubeconfig, and the CLI's compiled-code
 * cache in `cacheHome` rather than the user's.
 */
export function benchEnv(cacheHome?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: '1',
    ...(cacheHome ? { XDG_CACHE_HOME: cacheHome } : {}),
  };
  delete env['KUBECONFIG'];
  delete env['FORCE_COLOR'];
  return env;
}

/** One cold `flotilla status` over the whole fleet; it must report every cluster healthy. */
export async function flotillaStatus(
  bin: string,
  kubeconfig: string,
  clusters: number,
  cacheHome: string,
): Promise<void> {
  const result = await runProcess(
    process.execPath,
    [bin, 'status', '--kubeconfig', kubeconfig],
    benchEnv(cacheHome),
  );
  const rows = result.stdout.trimEnd().split('\n').slice(1);
  const healthy = rows.filter((row) => /\sconnected\s+valid\s+healthy\s/.test(row)).length;
  if (result.code !== 0 || healthy !== clusters) {
    throw new Error(
      `flotilla status: exit ${result.code}, ${healthy}/${clusters} healthy\n${result.stdout}${result.stderr}`,
    );
  }
}

/**
 * `kubectl version -o json --context X` for every context at once, each with a cache directory of
 * its own that no earlier run filled (the dispatcher caches discovery per host:port), as a script
 * that asks every cluster for its version in parallel would run it.
 */
export async function kubectlVersions(
  kubeconfig: string,
  contexts: readonly string[],
  cacheRoot: string,
): Promise<void> {
  const results = await Promise.all(
    contexts.map((context) =>
      runProcess(
        'kubectl',
        [
          'version',
          '-o',
          'json',
          '--context',
          context,
          '--kubeconfig',
          kubeconfig,
          '--cache-dir',
          join(cacheRoot, context),
        ],
        benchEnv(),
      ),
    ),
  );
  const failed = results.findIndex((r) => r.code !== 0 || !r.stdout.includes('"serverVersion"'));
  if (failed >= 0) {
    const r = results[failed] as ProcessResult;
    throw new Error(`kubectl version --context ${contexts[failed]}: exit ${r.code}\n${r.stdout}${r.stderr}`);
  }
}

/** The client version of kubectl on PATH, or null when there is none to compare with. */
export async function kubectlClientVersion(): Promise<string | null> {
  const result = await runProcess('kubectl', ['version', '--client', '-o', 'json'], benchEnv());
  if (result.code !== 0) return null;
  const parsed = JSON.parse(result.stdout) as { clientVersion?: { gitVersion?: string } };
  return parsed.clientVersion?.gitVersion ?? 'unknown';
}
