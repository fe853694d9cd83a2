import type { KubeObject, SimulatedCluster } from '@flotilla/cluster-testkit';

const created = '2026-01-01T00:00:00Z';
const meta = (name: string, namespace?: string, extra: Partial<KubeObject['metadata']> = {}) => ({
  name,
  ...(namespace ? { namespace } : {}),
  uid: `${namespace ?? 'cluster'}-${name}`,
  resourceVersion: '',
  creationTimestamp: created,
  ...extra,
});

const runningStatus = {
  phase: 'Running',
  conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: created }],
};

function pod(
  name: string,
  node: string,
  extra: Partial<KubeObject['metadata']> = {},
  namespace = 'shop',
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(name, namespace, extra),
    spec: { nodeName: node, containers: [{ name: 'app', image: 'nginx:1.27' }] },
    status: runningStatus,
  };
}

const owner = (kind: string, name: string, namespace = 'shop') => ({
  ownerReferences: [{ apiVersion: 'apps/v1', kind, name, uid: `${namespace}-${name}`, controller: true }],
});

/**
 * Two schedulable workers and a control plane; a ReplicaSet `web` with three pods on `worker-1`
 * (labelled `app=web`), a DaemonSet pod and a mirror pod there too, and one `web` pod on
 * `worker-2`. The same objects in every cluster, so node and pod names collide across clusters.
 */
export function seedDrainFixture(cluster: SimulatedCluster): void {
  const template = {
    metadata: { labels: { app: 'web' } },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
  };
  cluster.seed([
    { apiVersion: 'v1', kind: 'Namespace', metadata: meta('shop') },
    { apiVersion: 'v1', kind: 'Namespace', metadata: meta('kube-system') },
    ...['control-plane-1', 'worker-1', 'worker-2'].map((name) => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: meta(name),
      spec: {},
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    })),
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: meta('web', 'shop', { labels: { app: 'web' } }),
      spec: { replicas: 4, selector: { matchLabels: { app: 'web' } }, template },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: meta('agent', 'shop'),
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: { ...template, metadata: { labels: { app: 'agent' } } },
      },
    },
    ...[1, 2, 3].map((i) =>
      pod(`web-${i}`, 'worker-1', { labels: { app: 'web' }, ...owner('ReplicaSet', 'web') }),
    ),
    pod('web-4', 'worker-2', { labels: { app: 'web' }, ...owner('ReplicaSet', 'web') }),
    pod('agent-w1', 'worker-1', { labels: { app: 'agent' }, ...owner('DaemonSet', 'agent') }),
    pod(
      'etcd-worker-1',
      'worker-1',
      { annotations: { 'kubernetes.io/config.mirror': 'abc' } },
      'kube-system',
    ),
  ]);
}

/** A budget that needs all four `web` pods healthy: every eviction is refused with 429. */
export function strictBudget(): KubeObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta('web-pdb', 'shop'),
    spec: { minAvailable: 4, selector: { matchLabels: { app: 'web' } } },
  };
}

export function podsOn(cluster: SimulatedCluster, node: string): string[] {
  const type = cluster.registry.lookup('', 'v1', 'pods');
  if (!type) throw new Error('no pods type');
  return cluster.store
    .list(type)
    .items.filter((p) => (p['spec'] as { nodeName?: string }).nodeName === node)
    .map((p) => `${p.metadata.namespace}/${p.metadata.name}`)
    .sort();
}

export function isUnschedulable(cluster: SimulatedCluster, node: string): boolean {
  const type = cluster.registry.lookup('', 'v1', 'nodes');
  if (!type) throw new Error('no nodes type');
  return (
    (cluster.store.get(type, undefined, node)?.['spec'] as { unschedulable?: boolean }).unschedulable === true
  );
}
