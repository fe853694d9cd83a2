import type { FleetEntryStatus, KubeObjectLike, SerializedFlotillaError } from '@flotilla/cluster-core';

/** One targeted cluster in a machine-readable answer: present even when empty or failed. */
export interface ClusterEntryDocument {
  clusterId: string;
  clusterName: string;
  status: FleetEntryStatus;
  /** Objects this cluster returned (absent when it failed). */
  count?: number;
  error?: SerializedFlotillaError;
  durationMs: number;
}

export interface FleetObjectDocument {
  clusterId: string;
  clusterName: string;
  object: KubeObjectLike;
}

/**
 * What `get -o json|yaml` prints: every object tagged with its cluster, plus one entry per targeted
 * cluster, so a failed cluster is visible to a script and never mistaken for an empty one.
 */
export interface FleetListDocument {
  kind: 'FleetList';
  /** True when some cluster did not answer: `items` is then incomplete. */
  partial: boolean;
  clusters: ClusterEntryDocument[];
  items: FleetObjectDocument[];
}
