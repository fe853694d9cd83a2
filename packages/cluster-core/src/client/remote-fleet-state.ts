import type { FleetSnapshot } from '../cluster-manager';
import type { ClusterSnapshot } from '../cluster-state';
import type { FleetDelta } from './bridge-protocol';

export const EMPTY_FLEET: FleetSnapshot = Object.freeze({
  clusters: Object.freeze([]),
  activeClusterId: null,
});

/**
 * Applies a `fleet` message. Unchanged clusters keep their objects (stable for
 * useSyncExternalStore). Null when the delta does not fit what this side holds.
 */
export function applyFleetDelta(previous: FleetSnapshot, delta: FleetDelta): FleetSnapshot | null {
  const changed = new Map(delta.clusters.map((cluster) => [cluster.clusterId, cluster]));
  const known = new Map(previous.clusters.map((cluster) => [cluster.clusterId, cluster]));
  let clusters: ClusterSnapshot[];
  if (delta.order) {
    clusters = [];
    for (const id of delta.order) {
      const cluster = changed.get(id) ?? known.get(id);
      if (!cluster) return null;
      clusters.push(cluster);
    }
  } else {
    for (const id of changed.keys()) if (!known.has(id)) return null;
    clusters = previous.clusters.map((cluster) => changed.get(cluster.clusterId) ?? cluster);
  }
  return { clusters, activeClusterId: delta.activeClusterId };
}

/**
 * Takes a fresh fleet (after a reconnect) while keeping the objects of clusters whose content did
 * not change, so a reconnect re-renders only what actually changed.
 */
export function adoptFleet(previous: FleetSnapshot, fresh: FleetSnapshot): FleetSnapshot {
  const known = new Map(previous.clusters.map((cluster) => [cluster.clusterId, cluster]));
  const clusters = fresh.clusters.map((cluster) => {
    const old = known.get(cluster.clusterId);
    return old && JSON.stringify(old) === JSON.stringify(cluster) ? old : cluster;
  });
  const same =
    clusters.length === previous.clusters.length &&
    clusters.every((cluster, i) => cluster === previous.clusters[i]) &&
    fresh.activeClusterId === previous.activeClusterId;
  return same ? previous : { clusters, activeClusterId: fresh.activeClusterId };
}
