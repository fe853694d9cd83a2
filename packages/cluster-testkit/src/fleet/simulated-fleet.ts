import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SimulatedCluster, type ClusterFlavor, type SimulatedClusterOptions } from '../simulated-cluster';
import type { UserSpec } from '../auth/users';
import { DEFAULT_USERS } from '../auth/users';
import { writePrivateFile } from './atomic-file';
import { ExecPluginControl } from './exec-plugin';
import { buildKubeconfig, type KubeconfigEntry } from './kubeconfig';

export type FleetClusterSpec = Omit<SimulatedClusterOptions, 'users'> & { name: string };

export interface SimulatedFleetOptions {
  /** How many clusters (named `<prefix>-1` …), or their names/specs. Default 3. */
  clusters?: number | Array<string | FleetClusterSpec>;
  namePrefix?: string;
  /** Pods seeded per cluster (default 30). */
  podsPerCluster?: number;
  /** Flavor per cluster name, e.g. `{ 'sim-2': 'openshift' }`. */
  flavors?: Record<string, ClusterFlavor>;
  /** Users every cluster knows (default admin + viewer); each cluster issues its own tokens. */
  users?: readonly UserSpec[];
  /** The user the kubeconfig contexts authenticate as (default admin). */
  contextUser?: string;
  /** Clusters whose context authenticates through the exec credential plugin instead of a token. */
  execCredentialClusters?: readonly string[];
  /** Where to write the kubeconfig (0600); default a fresh temporary folder. */
  kubeconfigPath?: string;
  /** Pod churn per cluster, events per second (default none). */
  churnPerSecond?: number;
  /** Options applied to every cluster (per-cluster specs override them). */
  clusterDefaults?: Omit<SimulatedClusterOptions, 'name' | 'users'>;
}

const EXEC_USER = 'exec-user';

/** Many simulated clusters in one process, with one kubeconfig that has a context per cluster. */
export class SimulatedFleet {
  private constructor(
    readonly clusters: readonly SimulatedCluster[],
    readonly kubeconfigPath: string,
    readonly execPlugin: ExecPluginControl,
    private readonly entries: KubeconfigEntry[],
    private readonly ownedDirectory: string | undefined,
  ) {}

  /** Starts every cluster and writes the fleet's kubeconfig (0600); see `startSimulatedFleet`. */
  static async start(options: SimulatedFleetOptions = {}): Promise<SimulatedFleet> {
    const prefix = options.namePrefix ?? 'sim';
    const requested = options.clusters ?? 3;
    const specs: FleetClusterSpec[] =
      typeof requested === 'number'
        ? Array.from({ length: requested }, (_, i) => ({ name: `${prefix}-${i + 1}` }))
        : requested.map((spec) => (typeof spec === 'string' ? { name: spec } : spec));
    const names = new Set<string>();
    for (const spec of specs) {
      if (names.has(spec.name)) throw new Error(`duplicate cluster name "${spec.name}"`);
      names.add(spec.name);
    }
    const execClusters = new Set(options.execCredentialClusters ?? []);
    for (const name of execClusters)
      if (!names.has(name)) throw new Error(`execCredentialClusters: unknown cluster "${name}"`);

    const ownedDirectory = options.kubeconfigPath
      ? undefined
      : await mkdtemp(join(tmpdir(), 'flotilla-sim-'));
    const kubeconfigPath = options.kubeconfigPath ?? join(ownedDirectory as string, 'kubeconfig');
    const execPlugin = new ExecPluginControl(join(dirname(kubeconfigPath), 'exec-credential-state.json'));
    const baseUsers = options.users ?? DEFAULT_USERS;
    const users =
      execClusters.size > 0 && !baseUsers.some((u) => u.name === EXEC_USER)
        ? [...baseUsers, { name: EXEC_USER, groups: ['system:authenticated'] }]
        : baseUsers;

    const started = await Promise.allSettled(
      specs.map((spec) =>
        SimulatedCluster.start({
          ...options.clusterDefaults,
          ...spec,
          flavor:
            spec.flavor ?? options.flavors?.[spec.name] ?? options.clusterDefaults?.flavor ?? 'kubernetes',
          users,
          workload:
            spec.workload ??
            options.clusterDefaults?.workload ??
            (options.podsPerCluster !== undefined ? { pods: options.podsPerCluster } : {}),
        }),
      ),
    );
    const clusters = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failure = started.find((r) => r.status === 'rejected');
    if (failure) {
      await Promise.all(clusters.map((c) => c.stop()));
      if (ownedDirectory) await rm(ownedDirectory, { recursive: true, force: true });
      throw (failure as PromiseRejectedResult).reason;
    }

    const contextUser = options.contextUser ?? 'admin';
    const entries: KubeconfigEntry[] = [];
    for (const cluster of clusters) {
      if (execClusters.has(cluster.name)) {
        await execPlugin.setToken(cluster.name, cluster.tokenFor(EXEC_USER));
        entries.push({
          ...cluster.kubeconfigEntry({ user: EXEC_USER }),
          credential: { exec: execPlugin.execConfig(cluster.name) },
        });
      } else {
        entries.push(cluster.kubeconfigEntry({ user: contextUser }));
      }
    }
    const fleet = new SimulatedFleet(clusters, kubeconfigPath, execPlugin, entries, ownedDirectory);
    await fleet.writeKubeconfig();
    if (options.churnPerSecond) for (const cluster of clusters) cluster.startChurn(options.churnPerSecond);
    return fleet;
  }

  /** The cluster with this name; throws for an unknown name. */
  cluster(name: string): SimulatedCluster {
    const cluster = this.clusters.find((c) => c.name === name);
    if (!cluster)
      throw new Error(
        `unknown simulated cluster "${name}"; known: ${this.clusters.map((c) => c.name).join(', ')}`,
      );
    return cluster;
  }

  get names(): string[] {
    return this.clusters.map((c) => c.name);
  }

  /** The kubeconfig YAML (one context per cluster, named after it). */
  get kubeconfig(): string {
    return buildKubeconfig(this.entries);
  }

  /** Rewrites the kubeconfig, e.g. after rotating a token the contexts should use. */
  async writeKubeconfig(): Promise<void> {
    for (const entry of this.entries) {
      if ('token' in entry.credential) {
        const cluster = this.cluster(entry.clusterName);
        const user = entry.userName.slice(cluster.name.length + 1);
        entry.credential = { token: cluster.tokenFor(user) };
      }
    }
    await writePrivateFile(this.kubeconfigPath, this.kubeconfig);
  }

  /** Stops every cluster, and removes the kubeconfig folder when the fleet created it. */
  async stop(): Promise<void> {
    await Promise.all(this.clusters.map((c) => c.stop()));
    if (this.ownedDirectory) await rm(this.ownedDirectory, { recursive: true, force: true });
  }
}

/** Starts a simulated fleet; see {@link SimulatedFleetOptions}. */
export function startSimulatedFleet(options: SimulatedFleetOptions = {}): Promise<SimulatedFleet> {
  return SimulatedFleet.start(options);
}
