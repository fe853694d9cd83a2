import type { DrainJobFilter, DrainJobSnapshot, FleetClient } from '@flotilla/cluster-core';
import { useQueryView, useViewSnapshot } from './use-view-snapshot';

const NONE: readonly DrainJobSnapshot[] = Object.freeze([]);
const createView = (client: FleetClient, filter: DrainJobFilter) => client.drainJobs(filter);

/** Drain jobs, optionally of one cluster and/or node; jobs are keyed by (clusterId, jobId), never by node alone. */
export function useDrainJobs(filter: DrainJobFilter = {}): readonly DrainJobSnapshot[] {
  return useViewSnapshot(useQueryView(filter, createView), NONE);
}
