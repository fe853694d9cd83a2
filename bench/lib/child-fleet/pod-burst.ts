import type { KubeObject, SimulatedCluster } from '@flotilla/cluster-testkit';

const BATCH = 64;

type ContainerStatus = { restartCount?: number } & Record<string, unknown>;

/** The same pod with its first container restarted once more: a small, realistic status change. */
export function restarted(pod: KubeObject): KubeObject {
  const status = (pod['status'] ?? {}) as { containerStatuses?: ContainerStatus[] };
  const containers = status.containerStatuses ?? [];
  return {
    ...pod,
    status: {
      ...status,
      containerStatuses: containers.map((c, i) =>
        i === 0 ? { ...c, restartCount: (c.restartCount ?? 0) + 1 } : c,
      ),
    },
  };
}

/**
 * Writes `events` pod updates straight into the clusters' stores, round robin over clusters and
 * their pods, as fast as the process can, so every open pod watch receives a MODIFIED event per
 * write. Yields to the event loop every few writes so the sockets drain while it runs.
 */
export async function burstPodUpdates(clusters: readonly SimulatedCluster[], events: number): Promise<void> {
  const targets = clusters.map((cluster) => {
    const type = cluster.registry.all().find((t) => t.plural === 'pods' && t.group === '');
    if (!type) throw new Error(`${cluster.name}: serves no pods`);
    return { cluster, type, names: cluster.store.list(type).items.map((p) => p.metadata), next: 0 };
  });
  if (targets.some((t) => t.names.length === 0)) throw new Error('burst: a cluster has no pods to update');
  for (let written = 0; written < events;) {
    const end = Math.min(events, written + BATCH);
    for (; written < end; written++) {
      const target = targets[written % targets.length] as (typeof targets)[number];
      const ref = target.names[target.next++ % target.names.length] as KubeObject['metadata'];
      const pod = target.cluster.store.get(target.type, ref.namespace, ref.name);
      if (!pod) throw new Error(`burst: ${target.cluster.name} lost pod ${ref.namespace}/${ref.name}`);
      target.cluster.store.update(target.type, restarted(pod), { bumpGeneration: false });
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
