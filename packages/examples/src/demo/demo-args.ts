import { homedir } from 'node:os';
import { join } from 'node:path';

export const DEMO_USAGE = `usage: npm run demo -- [--kubeconfig [PATH]] [--port N] [--clusters N] [--dev]

  --kubeconfig [PATH]  manage real clusters (PATH, else $KUBECONFIG, else ~/.kube/config)
  --port N             port of the console (default 7070; 0 picks a free one)
  --clusters N         size of the simulated fleet (default 5)
  --dev                serve the console through Vite's dev server (for working on it)`;

/** What `npm run demo` was asked for; absent fields take `startDemo`'s defaults. */
export interface DemoArgs {
  /** A `KUBECONFIG`-style list of real clusters; absent: the simulated fleet. */
  kubeconfig?: string;
  port?: number;
  clusters?: number;
  dev?: boolean;
  help?: boolean;
}

/** A flag the demo does not know, or a value it cannot use (exit 2). */
export class DemoUsageError extends Error {}

/**
 * Reads the demo's flags. Only `--kubeconfig` switches to real clusters: a `KUBECONFIG` in the
 * environment alone keeps the simulated fleet, so `npm run demo` shows the same thing on every
 * machine, and `--kubeconfig` without a path then means "the clusters kubectl would use".
 */
export function parseDemoArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
  home: string = homedir(),
): DemoArgs {
  const args: DemoArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): string => {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new DemoUsageError(`${arg} needs a value`);
      i++;
      return next;
    };
    const wholeNumber = (text: string, min: number, max = Number.MAX_SAFE_INTEGER): number => {
      const n = Number(text);
      if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max)
        throw new DemoUsageError(
          `${arg} takes a whole number ${max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`}, got "${text}"`,
        );
      return n;
    };
    if (arg === '--kubeconfig') {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) args.kubeconfig = value();
      else args.kubeconfig = env['KUBECONFIG'] || join(home, '.kube', 'config');
    } else if (arg === '--port') args.port = wholeNumber(value(), 0, 65_535);
    else if (arg === '--clusters') args.clusters = wholeNumber(value(), 1);
    else if (arg === '--dev') args.dev = true;
    else if (arg === '--help' || arg === '-h') args.help = true;
    else throw new DemoUsageError(`unknown flag ${arg}`);
  }
  if (args.kubeconfig !== undefined && args.clusters !== undefined)
    throw new DemoUsageError('--clusters sizes the simulated fleet; it cannot be used with --kubeconfig');
  return args;
}
