import {
  Backoff,
  InformerRegistry,
  type ClusterSession,
  type FleetOperations,
  type InformerSnapshot,
  type KubeObjectLike,
  type ResolvedResource,
  type SerializedFlotillaError,
} from '@flotilla/cluster-core';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface ClusterWatchOptions {
  session: ClusterSession;
  fleet: FleetOperations;
  kind: string;
  /** Undefined: all namespaces. */
  namespace: string | undefined;
  labelSelector?: string | undefined;
  onResolved(resource: ResolvedResource): void;
  onEvent(type: WatchEventType, object: KubeObjectLike, resource: ResolvedResource): void;
  /** A problem of this cluster's watch (it keeps retrying), or `null` when it recovered. */
  onProblem(problem: { what: string; error: SerializedFlotillaError } | null): void;
  /** Once: the cluster delivered its current objects, or failed for the first time. */
  onSettled(): void;
}

/**
 * One cluster's part of `flotilla watch`: resolves the kind through that cluster's discovery
 * (retrying with backoff while the cluster is unreachable), then follows it with a cluster-core
 * informer, which relists after a 410 and re-watches with backoff, so a cut watch or compacted
 * history neither stops the stream nor repeats objects that did not change.
 */
export class ClusterWatch {
  private readonly registry: InformerRegistry;
  private readonly backoff = new Backoff();
  private release: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private troubled = false;
  private settled = false;

  constructor(private readonly options: ClusterWatchOptions) {
    this.registry = new InformerRegistry(options.session);
  }

  start(): void {
    void this.resolve();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.release?.();
    this.release = null;
    this.registry.stopAll();
  }

  private async resolve(): Promise<void> {
    const { session, fleet, kind } = this.options;
    let resource: ResolvedResource;
    try {
      resource = await fleet.discovery.of(session).resolve(kind);
    } catch (error) {
      if (this.stopped) return;
      this.problem(
        'discovery',
        (error as { toJSON?: () => SerializedFlotillaError }).toJSON?.() ?? {
          kind: 'invalid',
          clusterId: session.clusterId,
          message: String(error),
          retryable: false,
        },
      );
      this.timer = setTimeout(() => void this.resolve(), this.backoff.next());
      return;
    }
    if (this.stopped) return;
    this.follow(resource);
  }

  private follow(resource: ResolvedResource): void {
    this.options.onResolved(resource);
    const namespace = resource.namespaced ? this.options.namespace : undefined;
    const lease = this.registry.acquire<KubeObjectLike & { metadata: { name: string } }>({
      resource: { group: resource.group, version: resource.version, resource: resource.resource, namespace },
      labelSelector: this.options.labelSelector,
    });
    const { informer } = lease;
    const offs = [
      informer.onAdd((object) => this.options.onEvent('ADDED', object, resource)),
      informer.onUpdate((_previous, object) => this.options.onEvent('MODIFIED', object, resource)),
      informer.onDelete((object) => this.options.onEvent('DELETED', object, resource)),
      informer.onSync((snapshot) => this.onSync(snapshot)),
    ];
    this.release = () => {
      for (const off of offs) off();
      lease.release();
    };
  }

  private onSync(snapshot: InformerSnapshot): void {
    if (snapshot.state === 'synced') this.settle();
    if (snapshot.state === 'synced' && this.troubled) {
      this.troubled = false;
      this.options.onProblem(null);
    } else if ((snapshot.state === 'stale' || snapshot.state === 'error') && snapshot.lastError) {
      this.problem('watch', snapshot.lastError);
    }
  }

  private problem(what: string, error: SerializedFlotillaError): void {
    this.troubled = true;
    this.options.onProblem({ what, error });
    this.settle();
  }

  private settle(): void {
    if (this.settled) return;
    this.settled = true;
    this.options.onSettled();
  }
}
