import { systemClock, type Clock } from '../clock';
import type { SerializedFlotillaError } from '../errors';
import { Subscribable } from '../subscribable';
import { Bucket } from './bucket';
import { defaultProjection, type Projection } from './projection';
import { executeQuery, prepareQuery, type FleetQuery, type FleetQueryResult } from './query';
import { QueryObserver } from './query-observer';
import { timeoutScheduler, type NotifyScheduler } from './scheduler';
import type { FleetStoreItem, KubeObjectLike, ObjectRef, SyncState, SyncStateName } from './types';

export interface FleetStoreOptions {
  /** What to keep of each object; defaults to dropping managedFields and last-applied-configuration. */
  projection?: Projection;
  /** Stamps `since` on sync states. */
  clock?: Clock;
  /** When batched change notifications run; defaults to a 16 ms window on `clock`. */
  scheduler?: NotifyScheduler;
}

export interface ClusterRef {
  readonly clusterId: string;
  readonly clusterName: string;
}

/** What changed since the previous notification. */
export interface FleetStoreChange {
  /** kind → ids of the clusters whose items or sync state of that kind changed. */
  readonly kinds: ReadonlyMap<string, ReadonlySet<string>>;
  /** A cluster appeared, was renamed or was removed: every query's target list may differ. */
  readonly clustersChanged: boolean;
}

export interface ReplaceResult {
  added: number;
  updated: number;
  removed: number;
}

interface ClusterEntry {
  ref: ClusterRef;
  readonly buckets: Map<string, Bucket>;
}

/**
 * Objects of many clusters, keyed by (clusterId, kind, namespace, name), with indexes by cluster,
 * namespace and label, and a sync state per cluster × kind. The write API matches what an informer
 * does: `replace` after a (re)list, `upsert`/`remove` per watch event, `setSyncState` on errors.
 * Stored objects are shared, never copied: treat them as immutable.
 */
export class FleetStore extends Subscribable<(change: FleetStoreChange) => void> {
  /** Bumped on every change; observers compare it to know whether they are current. */
  version = 0;
  readonly clock: Clock;
  private readonly project: Projection;
  private readonly schedule: NotifyScheduler;
  private readonly entries = new Map<string, ClusterEntry>();
  private pendingKinds = new Map<string, Set<string>>();
  private pendingClusters = false;
  private flushScheduled = false;

  constructor(options: FleetStoreOptions = {}) {
    super();
    this.clock = options.clock ?? systemClock;
    this.project = options.projection ?? defaultProjection;
    this.schedule = options.scheduler ?? timeoutScheduler(16, this.clock);
  }

  /** What the store keeps of each object; informers feeding it can apply it first (`transform`). */
  get projection(): Projection {
    return this.project;
  }

  /** Makes the cluster × kind hold exactly `objects` (a full relist) and marks it synced. */
  replace(
    clusterId: string,
    clusterName: string,
    kind: string,
    objects: Iterable<KubeObjectLike>,
  ): ReplaceResult {
    const bucket = this.bucket(clusterId, clusterName, kind);
    const ref = this.ref(clusterId);
    const result: ReplaceResult = { added: 0, updated: 0, removed: 0 };
    const seen = new Map<string, Set<string>>();
    for (const raw of objects) {
      const namespace = raw.metadata.namespace ?? '';
      let names = seen.get(namespace);
      if (!names) seen.set(namespace, (names = new Set()));
      names.add(raw.metadata.name);
      const outcome = this.put(bucket, ref, raw);
      if (outcome === 'added') result.added++;
      else if (outcome === 'updated') result.updated++;
    }
    for (const [namespace, names] of [...bucket.byNamespace]) {
      const kept = seen.get(namespace);
      for (const name of [...names.keys()]) {
        if (kept?.has(name)) continue;
        bucket.delete(namespace, name);
        result.removed++;
      }
    }
    if (result.added + result.updated + result.removed > 0) this.changed(clusterId, kind);
    this.applySync(bucket, 'synced', undefined);
    return result;
  }

  /** Adds or replaces one object (watch ADDED/MODIFIED). False when nothing changed. */
  upsert(clusterId: string, clusterName: string, kind: string, object: KubeObjectLike): boolean {
    const bucket = this.bucket(clusterId, clusterName, kind);
    if (this.put(bucket, this.ref(clusterId), object) === 'unchanged') return false;
    this.changed(clusterId, kind);
    return true;
  }

  /** Removes one object (watch DELETED). False when it was not stored. */
  remove(clusterId: string, kind: string, ref: ObjectRef): boolean {
    const bucket = this.entries.get(clusterId)?.buckets.get(kind);
    if (!bucket?.delete(ref.namespace ?? '', ref.name)) return false;
    this.changed(clusterId, kind);
    return true;
  }

  setSyncState(
    clusterId: string,
    clusterName: string,
    kind: string,
    state: SyncStateName,
    error?: SerializedFlotillaError,
  ): void {
    this.applySync(this.bucket(clusterId, clusterName, kind), state, error);
  }

  /** Forgets a cluster: its objects, indexes and sync states. */
  removeCluster(clusterId: string): boolean {
    const entry = this.entries.get(clusterId);
    if (!entry) return false;
    this.entries.delete(clusterId);
    for (const kind of entry.buckets.keys()) this.changed(clusterId, kind);
    this.pendingClusters = true;
    return true;
  }

  get(clusterId: string, kind: string, ref: ObjectRef): FleetStoreItem | undefined {
    return this.entries
      .get(clusterId)
      ?.buckets.get(kind)
      ?.get(ref.namespace ?? '', ref.name);
  }

  /** Clusters the store has heard of, in insertion order. */
  clusters(): ClusterRef[] {
    return [...this.entries.values()].map((entry) => entry.ref);
  }

  cluster(clusterId: string): ClusterRef | undefined {
    return this.entries.get(clusterId)?.ref;
  }

  /** Kinds held for one cluster, or for any cluster. */
  kinds(clusterId?: string): string[] {
    if (clusterId !== undefined) return [...(this.entries.get(clusterId)?.buckets.keys() ?? [])];
    const kinds = new Set<string>();
    for (const entry of this.entries.values()) for (const kind of entry.buckets.keys()) kinds.add(kind);
    return [...kinds];
  }

  syncState(clusterId: string, kind: string): SyncState | undefined {
    return this.entries.get(clusterId)?.buckets.get(kind)?.sync;
  }

  /** Internal to queries: the bucket of one cluster × kind. */
  bucketOf(clusterId: string, kind: string): Bucket | undefined {
    return this.entries.get(clusterId)?.buckets.get(kind);
  }

  query<T extends KubeObjectLike = KubeObjectLike>(query: FleetQuery<T>): FleetQueryResult<T> {
    return executeQuery(this, prepareQuery(query));
  }

  /** A live query for UIs: `getSnapshot()` stays the same object until its result changes. */
  watchQuery<T extends KubeObjectLike = KubeObjectLike>(query: FleetQuery<T>): QueryObserver<T> {
    return new QueryObserver(this, query);
  }

  private ref(clusterId: string): ClusterRef {
    return (this.entries.get(clusterId) as ClusterEntry).ref;
  }

  private put(bucket: Bucket, ref: ClusterRef, raw: KubeObjectLike): 'added' | 'updated' | 'unchanged' {
    const namespace = raw.metadata.namespace ?? '';
    const previous = bucket.get(namespace, raw.metadata.name);
    if (previous && sameVersion(previous.object, raw)) return 'unchanged';
    const item: FleetStoreItem = {
      clusterId: ref.clusterId,
      clusterName: ref.clusterName,
      kind: bucket.kind,
      object: this.project(raw),
    };
    bucket.set(item, previous);
    return previous ? 'updated' : 'added';
  }

  private bucket(clusterId: string, clusterName: string, kind: string): Bucket {
    let entry = this.entries.get(clusterId);
    if (!entry) {
      entry = { ref: { clusterId, clusterName }, buckets: new Map() };
      this.entries.set(clusterId, entry);
      this.pendingClusters = true;
    } else if (entry.ref.clusterName !== clusterName) {
      this.rename(entry, clusterName);
    }
    let bucket = entry.buckets.get(kind);
    if (!bucket) {
      bucket = new Bucket(clusterId, kind, { state: 'syncing', since: this.clock.now() });
      entry.buckets.set(kind, bucket);
      this.changed(clusterId, kind);
    }
    return bucket;
  }

  /** Items are immutable and carry the name, so a rename re-creates them. Rare: names are labels. */
  private rename(entry: ClusterEntry, clusterName: string): void {
    entry.ref = { clusterId: entry.ref.clusterId, clusterName };
    for (const bucket of entry.buckets.values()) {
      for (const item of [...bucket.items()]) bucket.set({ ...item, clusterName }, item);
      this.changed(entry.ref.clusterId, bucket.kind);
    }
    this.pendingClusters = true;
  }

  private applySync(bucket: Bucket, state: SyncStateName, error: SerializedFlotillaError | undefined): void {
    const current = bucket.sync;
    if (current.state === state && current.error === error) return;
    bucket.sync = { state, since: this.clock.now(), ...(error ? { error } : {}) };
    this.changed(bucket.clusterId, bucket.kind);
  }

  private changed(clusterId: string, kind: string): void {
    this.version++;
    let clusters = this.pendingKinds.get(kind);
    if (!clusters) this.pendingKinds.set(kind, (clusters = new Set()));
    clusters.add(clusterId);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.schedule(this.flush);
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    const change: FleetStoreChange = { kinds: this.pendingKinds, clustersChanged: this.pendingClusters };
    this.pendingKinds = new Map();
    this.pendingClusters = false;
    for (const listener of [...this.listeners]) listener(change);
  };
}

/** Same object version: resourceVersion when both have one, identity otherwise. */
function sameVersion(stored: KubeObjectLike, incoming: KubeObjectLike): boolean {
  const a = stored.metadata.resourceVersion;
  const b = incoming.metadata.resourceVersion;
  return a !== undefined && b !== undefined ? a === b : stored === incoming;
}
