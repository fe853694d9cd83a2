import type { DrainJobFilter, DrainJobSnapshot } from '../maintenance/drain-job-store';
import type { FleetView } from './fleet-client';

type Jobs = readonly DrainJobSnapshot[];

const matches = (job: DrainJobSnapshot, filter: DrainJobFilter) =>
  (filter.clusterId === undefined || job.clusterId === filter.clusterId) &&
  (filter.node === undefined || job.node === filter.node);

/**
 * Drain jobs of one cluster and/or node, derived from the one list of every job the client
 * receives. Drain jobs are few, so one subscription serves every filter, and all filtered views
 * agree with each other at every moment. The array stays the same until a matching job changes.
 */
export class FilteredDrainJobs implements FleetView<Jobs> {
  private cache: { source: Jobs; value: Jobs } | null = null;

  constructor(
    private readonly source: FleetView<Jobs>,
    private readonly filter: DrainJobFilter,
  ) {}

  getSnapshot = (): Jobs => {
    const source = this.source.getSnapshot();
    if (this.cache?.source === source) return this.cache.value;
    const value = source.filter((job) => matches(job, this.filter));
    const previous = this.cache?.value;
    const same = previous && previous.length === value.length && previous.every((job, i) => job === value[i]);
    const result = same ? previous : value;
    this.cache = { source, value: result };
    return result;
  };

  subscribe = (listener: () => void): (() => void) => {
    let seen = this.getSnapshot();
    return this.source.subscribe(() => {
      const next = this.getSnapshot();
      if (next === seen) return;
      seen = next;
      listener();
    });
  };
}
