import type { ClusterSnapshot } from '../cluster-state';
import type { DistributionCell } from '../comparison/distribution';
import type { ObjectComparison } from '../comparison/object-diff';
import type { VersionSkewMatrix } from '../comparison/version-skew';
import type { SerializedFlotillaError } from '../errors';
import type { FleetBusEvents, FleetSnapshot } from '../cluster-manager';
import type { ClusterQueryStatus } from '../fleet-store/query';
import type { FleetStoreItem, KubeObjectLike } from '../fleet-store/types';
import type { DrainJobFilter, DrainJobSnapshot } from '../maintenance/drain-job-store';

/**
 * A read-only piece of live state: the pair `useSyncExternalStore` needs. `getSnapshot()` returns the
 * same object until something in it changed. Views that watch something (resources, logs) start
 * when the first listener subscribes and stop when the last one leaves.
 */
export interface FleetView<S> {
  /** The current state; the same object until something in it changed. */
  getSnapshot(): S;
  /** Calls `listener` after each change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

/** The link between a client and the fleet: always `open` in-process; a bridge client reconnects. */
export type FleetLinkState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface FleetLinkSnapshot {
  state: FleetLinkState;
  /** Epoch ms of the next reconnect attempt while `reconnecting`. */
  nextRetryAt: number | null;
  /** Why the link is not open (redacted), e.g. `unauthorized`, `origin not allowed`. */
  reason: string | null;
}

/** What a fleet-wide resource view shows. `kind` is resolved per cluster (`po`, `pods`, `deploy`, `crontabs.stable.example.com`). */
export interface ResourceQuery {
  kind: string;
  /** Cluster ids; every cluster of the fleet when absent (a cluster added later joins the view). */
  clusters?: readonly string[];
  /** One namespace; all namespaces when absent. */
  namespace?: string;
  /** kubectl `-l` syntax. */
  labelSelector?: string;
}

/**
 * A live, merged view of one kind across clusters. One `clusters` entry per targeted cluster, even
 * when it holds nothing or failed, so failed is never shown as empty.
 */
export interface FleetResourcesSnapshot<T extends KubeObjectLike = KubeObjectLike> {
  readonly query: ResourceQuery;
  /** Merged items, each tagged with its cluster; ordered by cluster, namespace, name. */
  readonly items: readonly FleetStoreItem<T>[];
  readonly clusters: readonly ClusterQueryStatus[];
  /** Some targeted cluster is not `ok`: the items are not the whole truth. */
  readonly partial: boolean;
  /** Every targeted cluster answered at least once (listed, or failed). */
  readonly loaded: boolean;
}

export interface ComparisonQuery {
  /** The kind to compare (`pods`, `deploy` …). */
  kind: string;
  clusters?: readonly string[];
  namespace?: string;
  labelSelector?: string;
  /** With a name: a structured diff of the same-named object across clusters. */
  name?: string;
}

/** Distribution of a kind across clusters, version skew of the fleet, and an optional object diff. */
export interface ComparisonSnapshot {
  readonly query: ComparisonQuery;
  /** The kind key the clusters resolved to (`Pod`, `apps/Deployment`), null until one answered. */
  readonly kind: string | null;
  readonly distribution: readonly DistributionCell[];
  readonly total: number;
  readonly versionSkew: VersionSkewMatrix;
  /** Present when the query names an object. */
  readonly diff: ObjectComparison | null;
  readonly partial: boolean;
  readonly loaded: boolean;
}

export interface PodLogQuery {
  namespace: string;
  pod: string;
  container?: string;
  tailLines?: number;
  sinceSeconds?: number;
  follow?: boolean;
}

export interface PodLogSnapshot {
  readonly clusterId: string;
  readonly clusterName: string;
  readonly status: 'connecting' | 'streaming' | 'ended' | 'error';
  /** The newest lines (bounded; oldest dropped first). */
  readonly lines: readonly string[];
  /** Lines dropped from the front because of the bound. */
  readonly dropped: number;
  readonly error: SerializedFlotillaError | null;
}

export interface PermissionQuery {
  verb: string;
  /** A resource name as `kubectl auth can-i` takes it: `nodes`, `pods/eviction`, `deployments.apps`. */
  resource: string;
  namespace?: string;
  clusters?: readonly string[];
}

/** Per cluster: allowed, denied, or null while unknown (not asked yet, or the review failed). */
export interface PermissionSnapshot {
  readonly query: PermissionQuery;
  readonly allowed: Readonly<Record<string, boolean | null>>;
  readonly errors: Readonly<Record<string, SerializedFlotillaError>>;
  readonly loaded: boolean;
}

export type ExportFormat = 'json' | 'csv' | 'md' | 'html';

export type ExportRequest =
  | { source: 'resources'; query: ResourceQuery; format: ExportFormat }
  | { source: 'comparison'; query: ComparisonQuery; format: ExportFormat }
  | { source: 'health'; format: ExportFormat };

export interface ExportFile {
  filename: string;
  mimeType: string;
  content: string;
  /** The report lacks some clusters' data (each one's section says why). */
  partial: boolean;
}

export interface DrainRequest {
  /** Default 300 s. */
  timeoutMs?: number;
  deleteEmptyDirData?: boolean;
  ignoreDaemonSets?: boolean;
}

/** Writes and actions. Every one names its cluster (BRIEF I9). */
export interface FleetActions {
  /** Marks the node of that cluster unschedulable (`kubectl cordon`). */
  cordon(clusterId: string, node: string): Promise<void>;
  /** Makes the node of that cluster schedulable again. */
  uncordon(clusterId: string, node: string): Promise<void>;
  /** Starts a drain job; progress arrives through `drainJobs()` and `cluster:drain:progress`. */
  drain(
    clusterId: string,
    node: string,
    options?: DrainRequest,
  ): Promise<{ clusterId: string; jobId: string }>;
  /** Cancels a drain job of that cluster (`not-found` for a job another cluster owns). */
  cancelDrain(clusterId: string, jobId: string): Promise<void>;
  /** Sets the replicas of a workload through its `scale` subresource. */
  scale(clusterId: string, kind: string, name: string, namespace: string, replicas: number): Promise<void>;
  /** Rolls every pod of a deployment, statefulset or daemonset (`kubectl rollout restart`). */
  restart(clusterId: string, kind: string, name: string, namespace: string): Promise<void>;
  /** Deletes one object of that cluster (`namespace` for namespaced kinds). */
  delete(clusterId: string, kind: string, name: string, namespace?: string): Promise<void>;
}

export type FleetEventType = keyof FleetBusEvents;
export type FleetEventHandler = <K extends FleetEventType>(type: K, payload: FleetBusEvents[K]) => void;

/**
 * The read and operation surface of a fleet, as the React kit uses it. An in-process manager
 * implements it (`createLocalFleetClient`, e.g. in Electron or a Node console) and so does the
 * browser side of the bridge (`connectFleet`). Nothing here carries credentials.
 */
export interface FleetClient extends FleetView<FleetSnapshot> {
  /** The state of the link to the fleet (bridge reconnects show here). */
  readonly link: FleetView<FleetLinkSnapshot>;
  /** One cluster's snapshot, or undefined for an unknown id. */
  getCluster(clusterId: string): ClusterSnapshot | undefined;
  /** Selects the active cluster, or none with null; an unknown id rejects with `unknown-cluster`. */
  setActive(clusterId: string | null): Promise<void>;
  /** Starts the background work of an idle cluster (probe, metadata, heartbeat). */
  connect(clusterId: string): Promise<void>;
  /** Stops the background work of that cluster; it stays in the fleet, shown as idle. */
  disconnect(clusterId: string): Promise<void>;
  /** Restarts auth recovery of that cluster only. */
  retryAuth(clusterId: string): Promise<void>;
  /** Every fleet and cluster event (the fleet bus); returns the unsubscribe function. */
  onEvent(handler: FleetEventHandler): () => void;
  /** A live merged view of one kind; cheap to create, watches while subscribed. */
  resources<T extends KubeObjectLike = KubeObjectLike>(
    query: ResourceQuery,
  ): FleetView<FleetResourcesSnapshot<T>>;
  /** Distribution of a kind per cluster, version skew, and a diff of one named object. */
  comparison(query: ComparisonQuery): FleetView<ComparisonSnapshot>;
  /** One `SelfSubjectAccessReview` answer per cluster, asked of each cluster on its own. */
  permissions(query: PermissionQuery): FleetView<PermissionSnapshot>;
  /** Drain jobs, keyed by cluster and job id; filter by cluster or node. */
  drainJobs(filter?: DrainJobFilter): FleetView<readonly DrainJobSnapshot[]>;
  /** The bounded log of one pod of that cluster; followed while subscribed with `follow: true`. */
  podLogs(clusterId: string, query: PodLogQuery): FleetView<PodLogSnapshot>;
  /** A report as JSON, CSV, Markdown or HTML, with a section for every targeted cluster. */
  export(request: ExportRequest): Promise<ExportFile>;
  readonly actions: FleetActions;
  /** Stops everything this client started (views, timers, the socket of a bridge client). */
  close(): void;
}
