import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ClusterManager } from '../cluster-manager';
import type { ClusterSource } from '../cluster-state';
import type { ClusterSession } from '../cluster-session';
import type { ManualClusterSpec } from './kubeconfig/manual-cluster-spec';
import type { ManualClusterStore } from './kubeconfig/manual-clusters';
import { definitionFor, type NodeTransportSettings } from './cluster-definition';
import { KubeconfigWatcher, type KubeconfigDiff } from './kubeconfig/kubeconfig-watcher';
import { loadKubeconfigSources } from './kubeconfig/load-kubeconfig-sources';
import type { DiscoveredCluster, KubeconfigInput, KubeconfigSourceError } from './kubeconfig/types';

export interface KubeconfigSyncOptions extends NodeTransportSettings {
  /** Default: `$KUBECONFIG`, else `~/.kube/config`. */
  kubeconfig?: KubeconfigInput;
  /** Follow file changes (default false). */
  watch?: boolean;
  debounceMs?: number;
  /** Problems confined to one file or context (malformed file, unknown user …). */
  onSourceErrors?: (errors: KubeconfigSourceError[]) => void;
  /** After a watched change was applied. */
  onChange?: (diff: KubeconfigDiff) => void;
}

/** kubectl's choice: `$KUBECONFIG`, else `~/.kube/config`. */
export const defaultKubeconfigInput = (): string =>
  process.env['KUBECONFIG'] || join(homedir(), '.kube', 'config');

/**
 * Keeps a ClusterManager in step with kubeconfig files: one cluster per context. With `watch`, only
 * changed contexts are rebuilt, new ones are added without connecting, and a cluster is removed only
 * once its file or context is confirmed gone.
 */
export class KubeconfigSync {
  private constructor(
    private readonly manager: ClusterManager,
    private readonly watcher: KubeconfigWatcher | null,
    private readonly initialErrors: readonly KubeconfigSourceError[],
  ) {}

  /**
   * Problems confined to one file or context: unreadable files, and contexts loaded but unusable
   * (an unknown user, a removed azure/gcp auth-provider), whose requests fail with this `config`
   * error. With `watch`, they follow the files as they are fixed or broken.
   */
  get errors(): readonly KubeconfigSourceError[] {
    if (!this.watcher) return this.initialErrors;
    return [...this.watcher.errors(), ...clusterErrors(this.watcher.clusters())];
  }

  /** Loads the kubeconfig into `manager` (one cluster per context) and, with `watch`, follows it. */
  static async start(manager: ClusterManager, options: KubeconfigSyncOptions = {}): Promise<KubeconfigSync> {
    const input = options.kubeconfig ?? defaultKubeconfigInput();
    const settings: NodeTransportSettings = {
      ...(options.transport ? { transport: options.transport } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    };
    if (options.watch && (typeof input === 'string' || Array.isArray(input))) {
      let sync: KubeconfigSync | null = null;
      const watcher = await KubeconfigWatcher.start(input as string | readonly string[], {
        ...(options.debounceMs !== undefined ? { debounceMs: options.debounceMs } : {}),
        onChange: (diff) => {
          sync?.apply(diff, settings);
          const errors = sync?.errors ?? diff.errors;
          if (errors.length > 0) options.onSourceErrors?.([...errors]);
          options.onChange?.(diff);
        },
      });
      manager.addAll(watcher.clusters().map((cluster) => definitionFor(cluster, settings)));
      sync = new KubeconfigSync(manager, watcher, []);
      if (sync.errors.length > 0) options.onSourceErrors?.([...sync.errors]);
      return sync;
    }
    const result = await loadKubeconfigSources(input);
    manager.addAll(result.clusters.map((cluster) => definitionFor(cluster, settings)));
    const errors = [...result.errors, ...clusterErrors(result.clusters)];
    if (errors.length > 0) options.onSourceErrors?.(errors);
    return new KubeconfigSync(manager, null, errors);
  }

  private apply(diff: KubeconfigDiff, settings: NodeTransportSettings): void {
    for (const id of diff.removed) this.manager.remove(id);
    for (const cluster of diff.changed) this.manager.replace(definitionFor(cluster, settings));
    const added = diff.added.filter((cluster) => !this.manager.get(cluster.clusterId));
    this.manager.addAll(
      added.map((cluster) => definitionFor(cluster, settings)),
      { connect: false },
    );
  }

  /** Stops following the files; the clusters stay in the manager. */
  close(): void {
    this.watcher?.close();
  }
}

/** The `config` errors of contexts that were loaded but cannot be used, as source errors. */
function clusterErrors(clusters: readonly DiscoveredCluster[]): KubeconfigSourceError[] {
  return clusters.flatMap((cluster) =>
    cluster.error
      ? [{ source: sourceName(cluster.source), context: cluster.clusterName, error: cluster.error }]
      : [],
  );
}

function sourceName(source: ClusterSource): string {
  if (source.type === 'kubeconfig') return source.path;
  if (source.type === 'kubeconfig-string') return `paste:${source.label}`;
  return source.server;
}

/**
 * Adds a cluster by hand: persisted in the Flotilla-owned kubeconfig of `store` (0600, atomic) and
 * added to the manager. Invalid input is a `config` error and changes nothing.
 */
export async function addManualCluster(
  manager: ClusterManager,
  store: ManualClusterStore,
  spec: ManualClusterSpec,
  settings: NodeTransportSettings = {},
): Promise<ClusterSession> {
  const discovered = await store.add(spec);
  return manager.add(definitionFor(discovered, settings));
}

/** Loads the manual clusters saved in `store` into the manager. */
export async function loadManualClusters(
  manager: ClusterManager,
  store: ManualClusterStore,
  settings: NodeTransportSettings = {},
): Promise<ClusterSession[]> {
  return manager.addAll((await store.list()).map((cluster) => definitionFor(cluster, settings)));
}
