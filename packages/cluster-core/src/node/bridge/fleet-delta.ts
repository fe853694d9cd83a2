import type { FleetDelta } from '../../client/bridge-protocol';
import type { FleetSnapshot } from '../../cluster-manager';

/**
 * What changed between two fleet snapshots: cluster snapshots are replaced, never mutated, so a
 * changed cluster is one whose object differs. Null when nothing changed.
 */
export function fleetDelta(previous: FleetSnapshot, next: FleetSnapshot): FleetDelta | null {
  if (previous === next) return null;
  const before = new Map(previous.clusters.map((cluster) => [cluster.clusterId, cluster]));
  const clusters = next.clusters.filter((cluster) => before.get(cluster.clusterId) !== cluster);
  const present = new Set(next.clusters.map((cluster) => cluster.clusterId));
  const removed = previous.clusters.filter((c) => !present.has(c.clusterId)).map((c) => c.clusterId);
  const sameOrder =
    previous.clusters.length === next.clusters.length &&
    previous.clusters.every((cluster, i) => cluster.clusterId === next.clusters[i]?.clusterId);
  if (clusters.length === 0 && sameOrder && previous.activeClusterId === next.activeClusterId) return null;
  return {
    clusters,
    removed,
    ...(sameOrder ? {} : { order: next.clusters.map((cluster) => cluster.clusterId) }),
    activeClusterId: next.activeClusterId,
  };
}
