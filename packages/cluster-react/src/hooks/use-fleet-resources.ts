import type {
  ClusterQueryStatus,
  FleetClient,
  FleetResourcesSnapshot,
  FleetStoreItem,
  KubeObjectLike,
  ResourceQuery,
} from '@flotilla/cluster-core';
import { useMemo } from 'react';
import { useQueryView, useViewSnapshot } from './use-view-snapshot';

/** A fleet-wide resource view as components read it; `enabled` is false while the query is null. */
export interface FleetResourcesResult<T extends KubeObjectLike = KubeObjectLike> {
  readonly enabled: boolean;
  readonly query: ResourceQuery | null;
  /** Merged items, each tagged with its cluster. */
  readonly items: readonly FleetStoreItem<T>[];
  /** One entry per targeted cluster (`status`, `count`, `error`), even when it failed or holds nothing. */
  readonly clusters: readonly ClusterQueryStatus[];
  /** The same entries by cluster id. */
  readonly byCluster: Readonly<Record<string, ClusterQueryStatus>>;
  /** Some targeted cluster is not `ok`: the items are not the whole truth. */
  readonly partial: boolean;
  /** Every targeted cluster answered at least once. */
  readonly loaded: boolean;
}

const DISABLED: FleetResourcesResult<never> = Object.freeze({
  enabled: false,
  query: null,
  items: [],
  clusters: [],
  byCluster: {},
  partial: false,
  loaded: false,
});

const createView = (client: FleetClient, query: ResourceQuery) => client.resources(query);

/**
 * A live merged view of one kind across clusters; `null` disables it (nothing is watched). The view
 * is created once per query content and released when the component unmounts.
 */
export function useFleetResources<T extends KubeObjectLike = KubeObjectLike>(
  query: ResourceQuery | null,
): FleetResourcesResult<T> {
  const view = useQueryView(query, createView);
  const snapshot = useViewSnapshot(view, null) as FleetResourcesSnapshot<T> | null;
  return useMemo(() => {
    if (!snapshot) return DISABLED;
    return {
      enabled: true,
      query: snapshot.query,
      items: snapshot.items,
      clusters: snapshot.clusters,
      byCluster: Object.fromEntries(snapshot.clusters.map((entry) => [entry.clusterId, entry])),
      partial: snapshot.partial,
      loaded: snapshot.loaded,
    };
  }, [snapshot]);
}
