import { UsageError } from '../usage-error';

/** What the selection flags said; at most one of them is set. */
export interface ClusterSelection {
  /** `--context NAME`: one context, by name or id, as with kubectl. */
  context?: string | undefined;
  /** `--clusters a,b,prod-*`: names, ids or `*`/`?` globs over names. */
  clusters?: readonly string[] | undefined;
  /** `--group G`: clusters filed under G in Flotilla's preferences (resolved to ids by the caller). */
  groupIds?: ReadonlySet<string> | undefined;
}

/** Anything with a cluster id and a context name: a loaded cluster or a context that failed to load. */
export interface NamedCluster {
  clusterId: string;
  clusterName: string;
}

/** `prod-*` → /^prod-.*$/; every other character is literal. */
export function globPattern(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

const isGlob = (entry: string): boolean => /[*?]/.test(entry);

function matches(entry: string, cluster: NamedCluster): boolean {
  if (cluster.clusterId === entry || cluster.clusterName === entry) return true;
  return isGlob(entry) && globPattern(entry).test(cluster.clusterName);
}

/** Splits `a, b,,c` into `['a', 'b', 'c']`. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/**
 * The clusters a command targets, in kubeconfig order. Without a selection, all of them. Every
 * name, id or glob given must match at least one known context: a typo is a usage error listing
 * what exists, never a silently smaller fleet.
 */
export function selectClusters<C extends NamedCluster>(
  known: readonly C[],
  selection: ClusterSelection,
): C[] {
  if (selection.groupIds) {
    const ids = selection.groupIds;
    return known.filter((cluster) => ids.has(cluster.clusterId));
  }
  const entries = selection.context !== undefined ? [selection.context] : selection.clusters;
  if (entries === undefined) return [...known];
  if (entries.length === 0) throw new UsageError('no cluster named: --clusters needs at least one name');
  const unknown = entries.filter((entry) => !known.some((cluster) => matches(entry, cluster)));
  if (unknown.length > 0) {
    const names = [...new Set(known.map((cluster) => cluster.clusterName))];
    const shown =
      names.length > 12 ? `${names.slice(0, 12).join(', ')} … (${names.length} in all)` : names.join(', ');
    const what = unknown.map((entry) => `"${entry}"`).join(', ');
    throw new UsageError(
      `unknown cluster ${what}: no kubeconfig context has that name or id` +
        (names.length > 0 ? ` (known: ${shown})` : ' (the kubeconfig defines no contexts)'),
    );
  }
  return known.filter((cluster) => entries.some((entry) => matches(entry, cluster)));
}

/**
 * How each cluster is shown: its context name, unless two targeted clusters share it (two files
 * both naming a context `kind-kind`), then the name with the id so rows are never mixed up.
 */
export function clusterLabels(clusters: readonly NamedCluster[]): Map<string, string> {
  const counts = new Map<string, number>();
  for (const cluster of clusters) counts.set(cluster.clusterName, (counts.get(cluster.clusterName) ?? 0) + 1);
  return new Map(
    clusters.map((cluster) => [
      cluster.clusterId,
      (counts.get(cluster.clusterName) ?? 0) > 1
        ? `${cluster.clusterName} (${cluster.clusterId})`
        : cluster.clusterName,
    ]),
  );
}
