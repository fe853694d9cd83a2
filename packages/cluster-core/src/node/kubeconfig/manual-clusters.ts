import path from 'node:path';
import { FlotillaError } from '../../errors';
import { writePrivateFileAtomic } from '../atomic-file';
import { flotillaConfigDir } from '../config-dir';
import { readKubeconfigFile, resolveClusters, type ClusterIdentifier } from './load-kubeconfig-sources';
import { manualClusterEntries, type ManualClusterSpec } from './manual-cluster-spec';
import type { ParsedKubeconfig, RawEntry } from './parse-kubeconfig';
import type { DiscoveredCluster } from './types';

export const MANUAL_ID_PREFIX = 'manual:';

const manualIdentity: ClusterIdentifier = (_parsed, context, cluster) => ({
  clusterId: `${MANUAL_ID_PREFIX}${context}`,
  source: { type: 'manual', server: typeof cluster['server'] === 'string' ? cluster['server'] : '' },
});

/** Where clusters added by hand are kept: `clusters.kubeconfig` in Flotilla's configuration folder. */
export function defaultManualClustersPath(): string {
  return path.join(flotillaConfigDir(), 'clusters.kubeconfig');
}

/**
 * Clusters the user added by hand, kept in a kubeconfig Flotilla owns (kubectl can use it too:
 * JSON is YAML). Every call reads the file afresh so edits by another process are seen; writes are
 * atomic and private (0600). A file that cannot be parsed is never overwritten: every call fails
 * with a `config` error until it is repaired or removed, because it holds credentials.
 */
export class ManualClusterStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string = defaultManualClustersPath()) {}

  list(): Promise<DiscoveredCluster[]> {
    return this.serialize(
      async () => resolveClusters([{ status: 'ok', parsed: await this.read() }], manualIdentity).clusters,
    );
  }

  /** Validates and saves a cluster; throws a `config` FlotillaError for invalid input or a taken name. */
  add(spec: ManualClusterSpec): Promise<DiscoveredCluster> {
    return this.serialize(async () => {
      const entries = manualClusterEntries(spec);
      const name = spec.name.trim();
      const parsed = await this.read();
      if (
        parsed.contexts.some((context) => context.name === name) ||
        parsed.clusters.has(name) ||
        parsed.users.has(name)
      ) {
        throw new FlotillaError({
          kind: 'config',
          clusterId: `${MANUAL_ID_PREFIX}${name}`,
          clusterName: name,
          message: `a cluster named "${name}" already exists`,
        });
      }
      const next: ParsedKubeconfig = {
        ...parsed,
        clusters: new Map([...parsed.clusters, [name, entries.cluster]]),
        users: new Map([...parsed.users, [name, entries.user]]),
        contexts: [...parsed.contexts, { name, context: entries.context }],
      };
      const added = resolveClusters([{ status: 'ok', parsed: next }], manualIdentity).clusters.find(
        (c) => c.clusterName === name,
      );
      if (!added)
        throw new FlotillaError({
          kind: 'config',
          clusterId: `${MANUAL_ID_PREFIX}${name}`,
          message: 'the cluster could not be built',
        });
      await this.write(next);
      return added;
    });
  }

  /** Removes a manual cluster by id; resolves `false` when there was none. */
  remove(clusterId: string): Promise<boolean> {
    return this.serialize(async () => {
      if (!clusterId.startsWith(MANUAL_ID_PREFIX)) return false;
      const name = clusterId.slice(MANUAL_ID_PREFIX.length);
      const parsed = await this.read();
      const context = parsed.contexts.find((entry) => entry.name === name);
      if (!context) return false;
      const without = <T>(map: ReadonlyMap<string, T>, key: unknown) =>
        new Map([...map].filter(([k]) => k !== key));
      await this.write({
        ...parsed,
        clusters: without(parsed.clusters, context.context['cluster']),
        users: without(parsed.users, context.context['user']),
        contexts: parsed.contexts.filter((entry) => entry.name !== name),
      });
      return true;
    });
  }

  private async read(): Promise<ParsedKubeconfig> {
    const state = await readKubeconfigFile(this.path);
    if (state.status === 'ok') return state.parsed;
    if (state.status === 'error') throw state.error.error;
    return { source: this.path, clusters: new Map(), users: new Map(), contexts: [], problems: [] };
  }

  private write(parsed: ParsedKubeconfig): Promise<void> {
    const named = (map: ReadonlyMap<string, RawEntry>, key: string) =>
      [...map].map(([name, body]) => ({ name, [key]: body }));
    const doc = {
      apiVersion: 'v1',
      kind: 'Config',
      preferences: {},
      clusters: named(parsed.clusters, 'cluster'),
      users: named(parsed.users, 'user'),
      contexts: parsed.contexts.map(({ name, context }) => ({ name, context })),
    };
    return writePrivateFileAtomic(this.path, `${JSON.stringify(doc, null, 2)}\n`);
  }

  /** One operation at a time, so two quick `add` calls cannot both write from the same old file. */
  private serialize<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation, operation);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
