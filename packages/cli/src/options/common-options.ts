import { homedir } from 'node:os';
import path from 'node:path';
import type { CliIO } from '../cli-io';
import { splitList } from '../fleet/select-clusters';
import { colorsEnabled } from '../output/colors';
import { parseDuration, parsePositiveInteger } from './duration';

/** The global flags as commander hands them over (strings, unvalidated). */
export interface RawGlobalOptions {
  kubeconfig?: string;
  context?: string;
  clusters?: string;
  group?: string;
  timeout?: string;
  concurrency?: string;
  /** `--no-color` sets it to false. */
  color?: boolean;
}

/** The global flags, validated. */
export interface CommonOptions {
  /** A `KUBECONFIG`-style list of files. */
  kubeconfig: string;
  context?: string | undefined;
  clusters?: string[] | undefined;
  group?: string | undefined;
  /** The environment, for what depends on it later (where `--group` reads cluster groups from). */
  env: CliIO['env'];
  /** Per-cluster deadline; each command has its own default when absent. */
  timeoutMs?: number | undefined;
  concurrency?: number | undefined;
  color: boolean;
}

/** `--kubeconfig`, else `$KUBECONFIG`, else `~/.kube/config`, as kubectl. */
export function kubeconfigInput(flag: string | undefined, env: CliIO['env']): string {
  if (flag !== undefined && flag !== '') return flag;
  const fromEnv = env['KUBECONFIG'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return path.join(env['HOME'] || homedir(), '.kube', 'config');
}

export function commonOptions(raw: RawGlobalOptions, io: CliIO): CommonOptions {
  return {
    kubeconfig: kubeconfigInput(raw.kubeconfig, io.env),
    context: raw.context,
    clusters: raw.clusters === undefined ? undefined : splitList(raw.clusters),
    group: raw.group,
    env: io.env,
    timeoutMs: raw.timeout === undefined ? undefined : parseDuration(raw.timeout, '--timeout'),
    concurrency:
      raw.concurrency === undefined ? undefined : parsePositiveInteger(raw.concurrency, '--concurrency'),
    color: colorsEnabled(raw.color !== false, io.env, io.stdout.isTTY),
  };
}
