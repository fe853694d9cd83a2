import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClusterSource } from '../../cluster-state';
import { isFlotillaError } from '../../errors';
import { buildDiscoveredCluster } from './build-cluster';
import { configError, parseKubeconfig, type ParsedKubeconfig, type RawEntry } from './parse-kubeconfig';
import type {
  DiscoveredCluster,
  KubeconfigInput,
  KubeconfigLoadResult,
  KubeconfigSourceError,
} from './types';

export type KubeconfigFileState =
  | { status: 'ok'; parsed: ParsedKubeconfig }
  | { status: 'missing' }
  | { status: 'error'; error: KubeconfigSourceError };

/** Names a context's cluster: its id and source. */
export type ClusterIdentifier = (
  parsed: ParsedKubeconfig,
  context: string,
  cluster: RawEntry,
) => { clusterId: string; source: ClusterSource };

const fileIdentity: ClusterIdentifier = (parsed, context) => ({
  clusterId: `${parsed.source}:${context}`,
  source: { type: 'kubeconfig', path: parsed.source, context },
});

/**
 * Reads kubeconfigs the way kubectl merges a `KUBECONFIG` list, except that every context becomes its
 * own cluster: a context named like one in an earlier file is a distinct cluster, not dropped. Missing
 * files are skipped silently; a file that cannot be read or parsed yields one error and the other
 * files still load.
 */
export async function loadKubeconfigSources(input: KubeconfigInput): Promise<KubeconfigLoadResult> {
  if (typeof input !== 'string' && 'yaml' in input) return loadPastedKubeconfig(input.yaml, input.label);
  const paths = splitKubeconfigPaths(input);
  const states = await Promise.all(paths.map(readKubeconfigFile));
  return resolveClusters(states);
}

function loadPastedKubeconfig(yaml: string, label: string): KubeconfigLoadResult {
  const source = `paste:${label}`;
  try {
    // No directory to resolve against: relative references stay relative (to the process's cwd).
    const parsed = parseKubeconfig(yaml, source, null);
    return resolveClusters([{ status: 'ok', parsed }], (p, context) => ({
      clusterId: `${p.source}:${context}`,
      source: { type: 'kubeconfig-string', label, context },
    }));
  } catch (error) {
    return { clusters: [], errors: [toSourceError(source, error)] };
  }
}

/** Splits a `KUBECONFIG`-style list into absolute paths, without empty entries or repeats (as kubectl). */
export function splitKubeconfigPaths(input: string | readonly string[], cwd = process.cwd()): string[] {
  const entries = typeof input === 'string' ? input.split(path.delimiter) : input;
  const seen = new Set<string>();
  for (const entry of entries) {
    if (entry.trim() !== '') seen.add(path.resolve(cwd, entry));
  }
  return [...seen];
}

export async function readKubeconfigFile(file: string): Promise<KubeconfigFileState> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'missing' };
    return {
      status: 'error',
      error: configError(file, `cannot read kubeconfig ${file}: ${code ?? 'unknown error'}`),
    };
  }
  try {
    return { status: 'ok', parsed: parseKubeconfig(text, file, path.dirname(file)) };
  } catch (error) {
    return { status: 'error', error: toSourceError(file, error) };
  }
}

/**
 * One cluster per context of every parsed file, in file order. A context's cluster and user come
 * from its own file when that file defines them; otherwise they are looked up across all files and
 * the first file that defines the name wins, as in kubectl. Preferring the context's own file keeps
 * two same-named clusters in two files (every `kind` cluster is called `kind-kind`) from borrowing
 * each other's server and credentials, which kubectl's plain merge would do.
 */
export function resolveClusters(
  states: readonly KubeconfigFileState[],
  identify: ClusterIdentifier = fileIdentity,
): KubeconfigLoadResult {
  const clusters = new Map<string, RawEntry>();
  const users = new Map<string, RawEntry>();
  const files: ParsedKubeconfig[] = [];
  const errors: KubeconfigSourceError[] = [];
  for (const state of states) {
    if (state.status === 'error') errors.push(state.error);
    if (state.status !== 'ok') continue;
    files.push(state.parsed);
    errors.push(...state.parsed.problems);
    for (const [name, body] of state.parsed.clusters) if (!clusters.has(name)) clusters.set(name, body);
    for (const [name, body] of state.parsed.users) if (!users.has(name)) users.set(name, body);
  }

  const discovered: DiscoveredCluster[] = [];
  for (const parsed of files) {
    for (const { name, context } of parsed.contexts) {
      const clusterName = typeof context['cluster'] === 'string' ? context['cluster'] : '';
      const clusterBody = parsed.clusters.get(clusterName) ?? clusters.get(clusterName);
      if (!clusterBody) {
        errors.push(
          configError(
            parsed.source,
            `context "${name}" names cluster "${clusterName}", which no kubeconfig file defines`,
            name,
          ),
        );
        continue;
      }
      const userName = typeof context['user'] === 'string' && context['user'] !== '' ? context['user'] : null;
      const userBody = userName === null ? undefined : (parsed.users.get(userName) ?? users.get(userName));
      const built = buildDiscoveredCluster({
        ...identify(parsed, name, clusterBody),
        clusterName: name,
        context,
        cluster: { name: clusterName, body: clusterBody },
        user: userName !== null && userBody ? { name: userName, body: userBody } : null,
        ...(userName !== null && !userBody ? { missingUser: userName } : {}),
      });
      if (isFlotillaError(built)) errors.push({ source: parsed.source, context: name, error: built });
      else discovered.push(built);
    }
  }
  return { clusters: discovered, errors };
}

function toSourceError(source: string, error: unknown): KubeconfigSourceError {
  if (isFlotillaError(error)) return { source, error };
  return configError(source, `kubeconfig ${source} could not be loaded`);
}

export function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
