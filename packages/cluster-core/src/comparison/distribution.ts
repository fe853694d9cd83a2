import type { SerializedFlotillaError } from '../errors';
import type { FleetStore } from '../fleet-store/fleet-store';
import type { ClusterQueryStatusName, FleetQuery } from '../fleet-store/query';
import type { FleetStoreItem } from '../fleet-store/types';

/** Names the status bucket of one object (`Running`, `ready`); undefined leaves it out of the breakdown. */
export type StatusClassifier = (item: FleetStoreItem) => string | undefined;

export interface DistributionCell {
  readonly clusterId: string;
  readonly clusterName: string;
  readonly status: ClusterQueryStatusName;
  /** Objects held; for a cluster in error these are the last known ones, never a confirmed zero. */
  readonly count: number;
  readonly breakdown: Readonly<Record<string, number>>;
  readonly error?: SerializedFlotillaError;
}

export interface KindDistribution {
  readonly kind: string;
  readonly cells: readonly DistributionCell[];
  readonly total: number;
  readonly partial: boolean;
}

export interface Distribution {
  readonly kinds: readonly KindDistribution[];
  readonly partial: boolean;
}

export interface DistributionOptions {
  /** Kinds to count; every kind the store holds when absent. */
  kinds?: readonly string[];
  /** Restricts each kind's query (clusters, namespaces, selectors). */
  query?: Omit<FleetQuery, 'kind' | 'sort' | 'groupBy'>;
  /** Extra or replacement classifiers by kind key. */
  classifiers?: Readonly<Record<string, StatusClassifier>>;
}

type Status = Record<string, unknown> | undefined;
const statusOf = (item: FleetStoreItem): Status => item.object['status'] as Status;
const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

function readyReplicas(item: FleetStoreItem): string {
  const spec = item.object['spec'] as Status;
  const status = statusOf(item);
  const wanted = typeof spec?.['replicas'] === 'number' ? spec['replicas'] : 1;
  return num(status?.['readyReplicas']) >= wanted ? 'ready' : 'not ready';
}

function hasCondition(item: FleetStoreItem, type: string): boolean {
  const conditions = statusOf(item)?.['conditions'];
  return (
    Array.isArray(conditions) &&
    conditions.some((c: { type?: unknown; status?: unknown }) => c.type === type && c.status === 'True')
  );
}

/** Status buckets per kind: pod phase, node readiness, workloads ready / not ready. */
export const DEFAULT_CLASSIFIERS: Readonly<Record<string, StatusClassifier>> = {
  Pod: (item) =>
    typeof statusOf(item)?.['phase'] === 'string' ? (statusOf(item)?.['phase'] as string) : 'Unknown',
  Node: (item) => (hasCondition(item, 'Ready') ? 'Ready' : 'NotReady'),
  'apps/Deployment': readyReplicas,
  'apps/StatefulSet': readyReplicas,
  'apps/ReplicaSet': readyReplicas,
  'apps/DaemonSet': (item) => {
    const status = statusOf(item);
    return num(status?.['numberReady']) >= num(status?.['desiredNumberScheduled']) ? 'ready' : 'not ready';
  },
  'batch/Job': (item) =>
    hasCondition(item, 'Complete') ? 'complete' : hasCondition(item, 'Failed') ? 'failed' : 'active',
};

/** Counts by kind × cluster with a status breakdown (pod phases, workloads ready / not ready). */
export function resourceDistribution(store: FleetStore, options: DistributionOptions = {}): Distribution {
  const classifiers = { ...DEFAULT_CLASSIFIERS, ...options.classifiers };
  const kinds = options.kinds ?? [...store.kinds()].sort();
  const out: KindDistribution[] = kinds.map((kind) => {
    const result = store.query({ ...options.query, kind, sort: false });
    const classify = classifiers[kind];
    const breakdowns = new Map<string, Record<string, number>>();
    if (classify) {
      for (const item of result.items) {
        const key = classify(item);
        if (key === undefined) continue;
        let breakdown = breakdowns.get(item.clusterId);
        if (!breakdown) breakdowns.set(item.clusterId, (breakdown = {}));
        breakdown[key] = (breakdown[key] ?? 0) + 1;
      }
    }
    const cells = result.clusters.map((cluster) => ({
      clusterId: cluster.clusterId,
      clusterName: cluster.clusterName,
      status: cluster.status,
      count: cluster.count,
      breakdown: breakdowns.get(cluster.clusterId) ?? {},
      ...(cluster.error ? { error: cluster.error } : {}),
    }));
    return { kind, cells, total: result.items.length, partial: result.partial };
  });
  return { kinds: out, partial: out.some((kind) => kind.partial) };
}
