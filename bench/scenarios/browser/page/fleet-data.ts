import type { KubeObjectLike } from '@flotilla/cluster-core';
import {
  FixtureFleetClient,
  generateClusters,
  generatePods,
  largeFleet,
  seededRandom,
} from '@flotilla/cluster-testkit/fixtures';

export interface PodFleet {
  fixture: FixtureFleetClient;
  /** Each cluster's current pods, so updates modify objects that exist. */
  pods: ReadonlyMap<string, KubeObjectLike[]>;
}

/** `rows` pods spread evenly over `clusters` generated clusters, all listed (`ok`). */
export function podFleet(rows: number, clusters: number, seed: number): PodFleet {
  const now = Date.now();
  const generated = generateClusters(clusters, { seed, now });
  const fixture = new FixtureFleetClient({ clusters: generated.clusters, active: null });
  const pods = new Map<string, KubeObjectLike[]>();
  const per = Math.ceil(rows / clusters);
  generated.clusters.forEach((cluster, i) => {
    const list = generatePods(Math.max(0, Math.min(per, rows - per * i)), { seed: seed * 1000 + i, now });
    pods.set(cluster.id, list);
    fixture.setResources(cluster.id, 'pods', list);
  });
  return { fixture, pods };
}

type Status = { phase?: string; containerStatuses?: Array<{ restartCount?: number }> };

/**
 * A stream of watch-like modifications: each call picks a pod and stores a new version of it
 * (a restart, sometimes a phase change), as MODIFIED events of a busy fleet would.
 */
export function podUpdates(fleet: PodFleet, seed: number): () => void {
  const random = seededRandom(seed);
  const clusterIds = [...fleet.pods.keys()].filter((id) => (fleet.pods.get(id)?.length ?? 0) > 0);
  return () => {
    const clusterId = clusterIds[Math.floor(random() * clusterIds.length)] as string;
    const list = fleet.pods.get(clusterId) as KubeObjectLike[];
    const index = Math.floor(random() * list.length);
    const pod = list[index] as KubeObjectLike;
    const status = (pod['status'] ?? {}) as Status;
    const [first, ...rest] = status.containerStatuses ?? [];
    const next: KubeObjectLike = {
      ...pod,
      status: {
        ...status,
        phase: random() < 0.1 ? (status.phase === 'Running' ? 'Pending' : 'Running') : status.phase,
        containerStatuses: [{ ...first, restartCount: (first?.restartCount ?? 0) + 1 }, ...rest],
      },
    };
    list[index] = next;
    fleet.fixture.upsertResource(clusterId, 'pods', next);
  };
}

/** 500 (or `clusters`) clusters in mixed states with their groups, as `largeFleet` scripts them. */
export function switcherFleet(clusters: number) {
  return largeFleet(clusters);
}
