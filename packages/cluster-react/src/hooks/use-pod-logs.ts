import type { FleetClient, PodLogQuery, PodLogSnapshot } from '@flotilla/cluster-core';
import { useMemo } from 'react';
import { unknownCluster, type UnknownCluster } from '../core/cluster-lookup';
import { useClusterSnapshot } from './use-cluster';
import { useQueryView, useViewSnapshot } from './use-view-snapshot';

interface LogTarget {
  clusterId: string;
  query: PodLogQuery;
}

const createView = (client: FleetClient, target: LogTarget) => client.podLogs(target.clusterId, target.query);

/**
 * The log of one pod in one cluster (newest lines, bounded). Null while `query` is null; an unknown
 * cluster id gives `{ status: 'unknown-cluster', clusterId }` and opens no stream.
 */
export function usePodLogs(
  clusterId: string,
  query: PodLogQuery | null,
): PodLogSnapshot | UnknownCluster | null {
  const known = useClusterSnapshot(clusterId) !== undefined;
  const target = known && query !== null ? { clusterId, query } : null;
  const snapshot = useViewSnapshot(useQueryView(target, createView), null);
  const unknown = useMemo(() => unknownCluster(clusterId), [clusterId]);
  return known ? snapshot : query === null ? null : unknown;
}
