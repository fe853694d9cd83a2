import type {
  ExportFile,
  FleetActions,
  FleetClient,
  FleetEventHandler,
  FleetLinkSnapshot,
  FleetResourcesSnapshot,
  FleetView,
  ResourceQuery,
} from '../../client/fleet-client';
import type { KubeObjectLike } from '../../fleet-store/types';
import type { FleetSnapshot } from '../../cluster-manager';
import type { ClusterSnapshot } from '../../cluster-state';
import { FlotillaError } from '../../errors';
import { Subscribable } from '../../subscribable';

/** A view whose snapshot the test sets; counts its listeners and reports their coming and going. */
export class StubView<S> extends Subscribable<() => void> implements FleetView<S> {
  constructor(
    private snapshot: S,
    private readonly onListenersChanged: () => void = () => undefined,
  ) {
    super();
  }
  protected override onSubscribe(): void {
    this.onListenersChanged();
  }
  protected override onUnsubscribe(): void {
    this.onListenersChanged();
  }
  getSnapshot = (): S => this.snapshot;
  set(snapshot: S): void {
    this.snapshot = snapshot;
    for (const listener of [...this.listeners]) listener();
  }
  get listenerCount(): number {
    return this.listeners.size;
  }
}

export function stubCluster(clusterId: string, patch: Partial<ClusterSnapshot> = {}): ClusterSnapshot {
  return {
    clusterId,
    clusterName: clusterId,
    source: { type: 'manual', server: `https://${clusterId}.example:6443` },
    connection: 'connected',
    auth: 'valid',
    health: 'healthy',
    lastSeen: 1,
    latency: { lastMs: 1, p50Ms: 1, p95Ms: 1, samples: 1 },
    lastError: null,
    authRecovery: null,
    metadata: {
      server: `https://${clusterId}.example:6443`,
      insecureSkipTLSVerify: false,
      kubernetesVersion: 'v1.31.4',
      platform: 'kubernetes',
      openshiftVersion: null,
      nodes: null,
      allocatable: null,
      pods: null,
    },
    ...patch,
  };
}

export interface StubCall {
  method: string;
  args: unknown[];
}

/**
 * A hand-written FleetClient: the test sets the fleet, pushes events and view snapshots, and reads
 * the calls the bridge made. Calls naming an unknown cluster fail like the real client does.
 */
export class StubFleetClient extends Subscribable<() => void> implements FleetClient {
  readonly link: FleetView<FleetLinkSnapshot> = new StubView<FleetLinkSnapshot>({
    state: 'open',
    nextRetryAt: null,
    reason: null,
  });
  readonly calls: StubCall[] = [];
  /** Bumped whenever a view gains or loses a listener, so tests can wait for it. */
  readonly activity = new StubView<number>(0);
  readonly resourceViews: Array<StubView<FleetResourcesSnapshot>> = [];
  readonly actions: FleetActions;
  closed = false;
  private fleet: FleetSnapshot;
  private readonly handlers = new Set<FleetEventHandler>();

  constructor(clusters: ClusterSnapshot[] = [stubCluster('a'), stubCluster('b')]) {
    super();
    this.fleet = { clusters, activeClusterId: null };
    const record =
      (method: string) =>
      async (clusterId: string, ...args: unknown[]): Promise<never> => {
        this.require(clusterId);
        this.calls.push({ method, args: [clusterId, ...args] });
        return undefined as never;
      };
    this.actions = {
      cordon: record('cordon'),
      uncordon: record('uncordon'),
      drain: async (clusterId, node, options) => {
        this.require(clusterId);
        this.calls.push({ method: 'drain', args: [clusterId, node, options] });
        return { clusterId, jobId: 'drain-1' };
      },
      cancelDrain: record('cancelDrain'),
      scale: record('scale'),
      restart: record('restart'),
      delete: record('delete'),
    };
  }

  getSnapshot = (): FleetSnapshot => this.fleet;

  setFleet(fleet: FleetSnapshot): void {
    this.fleet = fleet;
    for (const listener of [...this.listeners]) listener();
  }

  updateCluster(clusterId: string, patch: Partial<ClusterSnapshot>): void {
    this.setFleet({
      ...this.fleet,
      clusters: this.fleet.clusters.map((c) => (c.clusterId === clusterId ? { ...c, ...patch } : c)),
    });
  }

  emit(name: string, payload: unknown): void {
    for (const handler of [...this.handlers]) (handler as (n: string, p: unknown) => void)(name, payload);
  }

  getCluster(clusterId: string): ClusterSnapshot | undefined {
    return this.fleet.clusters.find((c) => c.clusterId === clusterId);
  }

  async setActive(clusterId: string | null): Promise<void> {
    if (clusterId !== null) this.require(clusterId);
    this.calls.push({ method: 'setActive', args: [clusterId] });
    this.setFleet({ ...this.fleet, activeClusterId: clusterId });
  }

  async connect(clusterId: string): Promise<void> {
    this.require(clusterId);
    this.calls.push({ method: 'connect', args: [clusterId] });
  }

  async disconnect(clusterId: string): Promise<void> {
    this.require(clusterId);
    this.calls.push({ method: 'disconnect', args: [clusterId] });
  }

  async retryAuth(clusterId: string): Promise<void> {
    this.require(clusterId);
    this.calls.push({ method: 'retryAuth', args: [clusterId] });
  }

  onEvent(handler: FleetEventHandler): () => void {
    this.handlers.add(handler);
    return () => void this.handlers.delete(handler);
  }

  resources<T extends KubeObjectLike = KubeObjectLike>(
    query: ResourceQuery,
  ): FleetView<FleetResourcesSnapshot<T>> {
    if (query.kind === 'explode') throw new Error('no such kind: explode');
    const view = new StubView<FleetResourcesSnapshot>(
      { query, items: [], clusters: [], partial: true, loaded: false },
      () => this.activity.set(this.activity.getSnapshot() + 1),
    );
    this.resourceViews.push(view);
    this.activity.set(this.activity.getSnapshot() + 1);
    return view as unknown as FleetView<FleetResourcesSnapshot<T>>;
  }

  comparison(): never {
    throw new Error('not used');
  }

  permissions(): never {
    throw new Error('not used');
  }

  drainJobs(): never {
    throw new Error('not used');
  }

  podLogs(clusterId: string): never {
    throw this.unknown(clusterId);
  }

  async export(): Promise<ExportFile> {
    this.calls.push({ method: 'export', args: [] });
    return { filename: 'x.json', mimeType: 'application/json', content: '{}', partial: false };
  }

  close(): void {
    this.closed = true;
  }

  private require(clusterId: string): void {
    if (!this.getCluster(clusterId)) throw this.unknown(clusterId);
  }

  private unknown(clusterId: string): FlotillaError {
    return new FlotillaError({
      kind: 'unknown-cluster',
      clusterId,
      message: `unknown cluster "${clusterId}"`,
    });
  }
}
