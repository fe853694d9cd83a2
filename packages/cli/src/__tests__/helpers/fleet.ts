import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulatedFleet, type SimulatedCluster, type SimulatedFleet } from '@flotilla/cluster-testkit';
import type { KubeObject } from '@flotilla/cluster-testkit';

export const NAMESPACE = 'shop';

/** What a test writes: the store fills in uid, resourceVersion and creationTimestamp. */
type ObjectInput = Omit<KubeObject, 'metadata'> & {
  metadata: Partial<KubeObject['metadata']> & { name: string };
};

/** A namespace with one deployment `web` (image nginx:1.25) and three labelled pods, in every cluster. */
export function shopObjects(): KubeObject[] {
  const labels = { app: 'web' };
  const pod = (name: string, app: string): ObjectInput => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NAMESPACE, labels: { app } },
    spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] },
    status: { phase: 'Running' },
  });
  const objects: ObjectInput[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: NAMESPACE, labels },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web-template' } },
        template: {
          metadata: { labels: { app: 'web-template' } },
          spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] },
        },
      },
    },
    pod('web-a', 'web'),
    pod('web-b', 'web'),
    pod('cache-a', 'cache'),
  ];
  return objects as KubeObject[];
}

export interface TestFleet {
  fleet: SimulatedFleet;
  kubeconfig: string;
  dir: string;
  cluster(name: string): SimulatedCluster;
  stop(): Promise<void>;
}

/** Three clusters (sim-1 … sim-3) with a small workload plus the `shop` objects. */
export async function startTestFleet(
  options: { execCredentialClusters?: string[]; clusters?: number } = {},
): Promise<TestFleet> {
  const dir = await mkdtemp(join(tmpdir(), 'flotilla-cli-'));
  const fleet = await startSimulatedFleet({
    clusters: options.clusters ?? 3,
    podsPerCluster: 6,
    kubeconfigPath: join(dir, 'kubeconfig'),
    ...(options.execCredentialClusters ? { execCredentialClusters: options.execCredentialClusters } : {}),
  });
  for (const cluster of fleet.clusters) cluster.seed(shopObjects());
  return {
    fleet,
    kubeconfig: fleet.kubeconfigPath,
    dir,
    cluster: (name) => fleet.cluster(name),
    stop: async () => {
      await fleet.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The objects of one resource type a simulated cluster holds, read straight from its store. */
export function stored(
  cluster: SimulatedCluster,
  group: string,
  version: string,
  plural: string,
  namespace?: string,
) {
  const type = cluster.registry.lookup(group, version, plural);
  if (!type) throw new Error(`${cluster.name} serves no ${plural}`);
  return cluster.store.list(type, namespace).items;
}

/** Replaces an object in a simulated cluster's store (a change every watcher sees as MODIFIED). */
export function modify(
  cluster: SimulatedCluster,
  plural: 'pods' | 'deployments',
  namespace: string,
  name: string,
  change: (object: KubeObject) => KubeObject,
): void {
  const type = cluster.registry.lookup(plural === 'pods' ? '' : 'apps', 'v1', plural);
  if (!type) throw new Error(`${cluster.name} serves no ${plural}`);
  const current = cluster.store.get(type, namespace, name);
  if (!current) throw new Error(`${cluster.name}: no ${plural} ${namespace}/${name}`);
  cluster.store.update(type, change(structuredClone(current) as KubeObject));
}
