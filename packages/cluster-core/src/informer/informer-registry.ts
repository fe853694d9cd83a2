import type { ClusterSession } from '../cluster-session';
import { Informer, type InformerOptions, type ObjectTransform } from './informer';
import type { KubeObject } from './kube-object';
import { sessionListWatcher, type ListSelectors } from './session-list-watcher';
import type { ResourceDescriptor } from './resource';

/** What a registry needs of its cluster's session. */
export type InformerSession = Pick<
  ClusterSession,
  'clusterId' | 'clusterName' | 'request' | 'stream' | 'publish'
>;

/** One view's claim on a shared informer. */
export interface InformerLease<T extends KubeObject = KubeObject> {
  readonly informer: Informer<T>;
  /** Gives the claim up; the last release stops the informer. Repeated calls do nothing. */
  release(): void;
}

export type InformerKey = ListSelectors & {
  resource: ResourceDescriptor;
  /**
   * What the informer keeps of each object (see `InformerOptions.transform`). Part of the key by
   * identity: acquirers passing the same function share one informer, a different one gets its own.
   */
  transform?: ObjectTransform;
};

/** Settings every informer of the registry gets (timing, backoff, page size). */
export type InformerDefaults = Omit<
  InformerOptions,
  'listWatcher' | 'resource' | 'publish' | 'clusterId' | 'clusterName'
>;

interface Entry {
  informer: Informer;
  leases: number;
}

/**
 * The informers of one cluster, shared by reference count: views asking for the same resource,
 * namespace and selectors share one watch, and the last one to leave stops it. One registry per
 * session, so nothing in it is shared with another cluster.
 */
export class InformerRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly session: InformerSession,
    private readonly defaults: InformerDefaults = {},
  ) {}

  /** Informers currently running. */
  get size(): number {
    return this.entries.size;
  }

  acquire<T extends KubeObject = KubeObject>(key: InformerKey): InformerLease<T> {
    const id = keyOf(key);
    let entry = this.entries.get(id);
    if (!entry) {
      entry = { informer: this.create(key), leases: 0 };
      this.entries.set(id, entry);
      entry.informer.start();
    }
    entry.leases++;
    const held = entry;
    let released = false;
    return {
      // One collection holds one object type; the caller names it, as with client-go's listers.
      informer: held.informer as unknown as Informer<T>,
      release: () => {
        if (released) return;
        released = true;
        if (--held.leases > 0) return;
        held.informer.stop();
        if (this.entries.get(id) === held) this.entries.delete(id);
      },
    };
  }

  /** Stops every informer (e.g. when the cluster is removed); leases held become inert. */
  stopAll(): void {
    for (const entry of this.entries.values()) entry.informer.stop();
    this.entries.clear();
  }

  private create(key: InformerKey): Informer {
    const { session } = this;
    return new Informer({
      ...this.defaults,
      resource: key.resource,
      clusterId: session.clusterId,
      clusterName: session.clusterName,
      listWatcher: sessionListWatcher(session, key.resource, key),
      publish: (event) => session.publish('cluster:informer:sync', event),
      ...(key.transform ? { transform: key.transform } : {}),
    });
  }
}

const transformIds = new WeakMap<ObjectTransform, number>();
let nextTransformId = 1;

/** A stable number per transform function, so the key string tells transforms apart. */
function transformId(transform: ObjectTransform | undefined): number {
  if (!transform) return 0;
  let id = transformIds.get(transform);
  if (id === undefined) transformIds.set(transform, (id = nextTransformId++));
  return id;
}

function keyOf(key: InformerKey): string {
  const { group, version, resource, namespace } = key.resource;
  return JSON.stringify([
    group,
    version,
    resource,
    namespace ?? '',
    key.labelSelector ?? '',
    key.fieldSelector ?? '',
    transformId(key.transform),
  ]);
}
