import type { ClusterManager, FleetSnapshot } from '../cluster-manager';
import { versionSkew, type VersionSkewMatrix } from '../comparison/version-skew';
import type { FleetDiscovery } from '../fleet/discovery';
import type { Clock } from '../clock';
import { ServedApiVersions } from './api-versions';
import { comparisonOf, distributionOf } from './comparison-snapshot';
import type { ComparisonQuery, ComparisonSnapshot, FleetResourcesSnapshot } from './fleet-client';
import { LazyView, type ViewTracker } from './lazy-view';
import type { LocalResourcesView } from './local-resources-view';
import { copyQuery } from './view-targets';

/**
 * Distribution, version skew and (for a named object) a structured diff, derived from a live
 * resources view of the same scope, the cluster snapshots and each cluster's discovery.
 */
export class LocalComparisonView extends LazyView<ComparisonSnapshot> {
  readonly query: ComparisonQuery;
  private readonly apiVersions: ServedApiVersions;
  private unsubscribes: Array<() => void> = [];
  private snapshot: ComparisonSnapshot | null = null;
  private inputs: {
    resources: FleetResourcesSnapshot;
    fleet: FleetSnapshot;
    skew: VersionSkewMatrix;
  } | null = null;

  constructor(
    tracker: ViewTracker,
    query: ComparisonQuery,
    private readonly resources: LocalResourcesView,
    private readonly manager: ClusterManager,
    discovery: FleetDiscovery,
    clock: Clock,
  ) {
    super(tracker);
    this.query = Object.freeze(copyQuery(query));
    this.apiVersions = new ServedApiVersions(manager, discovery, clock, () => this.update(true));
  }

  getSnapshot = (): ComparisonSnapshot => {
    if (!this.isStarted || !this.snapshot) this.compute(false);
    return this.snapshot as ComparisonSnapshot;
  };

  /** Per-cluster parts of the underlying resources view (for exports). */
  getSlices(): ReturnType<LocalResourcesView['getSlices']> {
    return this.resources.getSlices();
  }

  protected start(): void {
    this.unsubscribes = [
      this.resources.subscribe(() => this.update(false)),
      this.manager.subscribe(() => this.update(false)),
    ];
    this.update(false);
  }

  protected stop(): void {
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    this.unsubscribes = [];
  }

  private update(apiVersionsChanged: boolean): void {
    if (this.compute(apiVersionsChanged)) this.notify();
  }

  /** True when the snapshot changed. */
  private compute(apiVersionsChanged: boolean): boolean {
    const resources = this.resources.getSnapshot();
    const fleet = this.manager.getSnapshot();
    const previous = this.inputs;
    if (previous && !apiVersionsChanged && previous.resources === resources && previous.fleet === fleet)
      return false;
    const ids = resources.clusters.map((cluster) => cluster.clusterId);
    const byId = new Map(fleet.clusters.map((snapshot) => [snapshot.clusterId, snapshot]));
    const snapshots = ids.flatMap((id) => byId.get(id) ?? []);
    let skew = versionSkew(snapshots, { apiVersions: this.apiVersions.of(ids, this.isStarted) });
    // Cluster snapshots change on every heartbeat; the matrix rarely does.
    if (previous && JSON.stringify(previous.skew) === JSON.stringify(skew)) skew = previous.skew;
    this.inputs = { resources, fleet, skew };
    if (this.snapshot && previous?.resources === resources && previous.skew === skew) return false;
    const slices = this.resources.getSlices();
    const kind = this.resources.resolvedKind();
    const diff = comparisonOf(slices, this.query, kind ?? this.query.kind);
    this.snapshot = {
      query: this.query,
      kind,
      distribution: distributionOf(slices),
      total: resources.items.length,
      versionSkew: skew,
      diff,
      partial: resources.partial || (diff?.partial ?? false),
      loaded: resources.loaded,
    };
    return true;
  }
}
