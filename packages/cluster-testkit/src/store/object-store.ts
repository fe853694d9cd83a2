import { randomUUID } from 'node:crypto';
import { groupResource, type ResourceType } from '../api/resources';
import { errors } from '../api/status';
import type { KubeObject, KubeObjectInput } from '../api/types';
import { EventHistory, type StoreEvent } from './event-history';

export type StoreListener = (event: StoreEvent) => void;

export interface ListResult {
  items: KubeObject[];
  resourceVersion: number;
}

export interface ObjectStoreOptions {
  /** How many change events per resource type are kept for watch resumption. */
  historySize?: number;
  /** The first resourceVersion handed out; real clusters start far above 1. */
  initialRevision?: number;
  now?: () => Date;
}

export const objectKey = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`;

const clone = <T>(value: T): T => structuredClone(value);

/**
 * Stored objects are deep-frozen once when written, so reads can hand them out without copying
 * (a 1,000-pod list would otherwise spend most of its time cloning) and no caller can alter
 * stored state in place.
 */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const timestamp = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The cluster's etcd: objects per resource type, one revision counter, and a bounded change history
 * per type so watches can resume from a resourceVersion until it is compacted away.
 * Objects handed out are the stored, deep-frozen objects: copy before changing one.
 */
export class ObjectStore {
  private revision: number;
  private readonly collections = new Map<string, Map<string, KubeObject>>();
  private readonly histories = new Map<string, EventHistory>();
  private readonly listeners = new Map<string, Set<StoreListener>>();
  private readonly historySize: number;
  private readonly now: () => Date;

  constructor(options: ObjectStoreOptions = {}) {
    this.revision = options.initialRevision ?? 1000;
    this.historySize = options.historySize ?? 2000;
    this.now = options.now ?? (() => new Date());
  }

  get resourceVersion(): number {
    return this.revision;
  }

  private collection(type: ResourceType): Map<string, KubeObject> {
    const key = groupResource(type);
    let collection = this.collections.get(key);
    if (!collection) {
      collection = new Map();
      this.collections.set(key, collection);
      this.histories.set(key, new EventHistory(this.historySize, this.revision));
    }
    return collection;
  }

  private history(type: ResourceType): EventHistory {
    this.collection(type);
    return this.histories.get(groupResource(type)) as EventHistory;
  }

  count(type: ResourceType): number {
    return this.collection(type).size;
  }

  /** Items sorted by namespace/name, like etcd keys. */
  list(type: ResourceType, namespace?: string): ListResult {
    const items: KubeObject[] = [];
    for (const object of this.collection(type).values()) {
      if (namespace === undefined || object.metadata.namespace === namespace) items.push(object);
    }
    items.sort((a, b) => compareKeys(a, b));
    return { items, resourceVersion: this.revision };
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.collection(type).get(objectKey(namespace, name));
  }

  create(type: ResourceType, input: KubeObjectInput): KubeObject {
    const metadata = { ...(input.metadata ?? {}) };
    let name = metadata.name;
    if (!name && metadata.generateName) name = `${metadata.generateName}${randomSuffix()}`;
    if (!name)
      throw errors.invalid(type.kind, '', 'metadata.name: Required value: name or generateName is required');
    const namespace = type.namespaced ? metadata.namespace : undefined;
    const collection = this.collection(type);
    const key = objectKey(namespace, name);
    if (collection.has(key)) throw errors.alreadyExists(type, name);
    const revision = ++this.revision;
    const object: KubeObject = {
      ...clone(input),
      apiVersion: input.apiVersion ?? (type.group ? `${type.group}/${type.version}` : type.version),
      kind: input.kind ?? type.kind,
      metadata: {
        ...clone(metadata),
        name,
        ...(namespace !== undefined ? { namespace } : {}),
        uid: metadata.uid && metadata.uid !== '' ? metadata.uid : randomUUID(),
        resourceVersion: String(revision),
        creationTimestamp: metadata.creationTimestamp ?? timestamp(this.now()),
        generation: 1,
      },
    };
    if (!type.namespaced) delete object.metadata.namespace;
    deepFreeze(object);
    collection.set(key, object);
    this.record(type, { type: 'ADDED', object, resourceVersion: revision });
    return object;
  }

  /**
   * Replaces an object. When the incoming object carries a resourceVersion it must match the stored
   * one (optimistic concurrency, like the apiserver); otherwise the write is unconditional.
   */
  update(type: ResourceType, input: KubeObject, options: { bumpGeneration?: boolean } = {}): KubeObject {
    const namespace = type.namespaced ? input.metadata.namespace : undefined;
    const collection = this.collection(type);
    const key = objectKey(namespace, input.metadata.name);
    const previous = collection.get(key);
    if (!previous) throw errors.notFound(type, input.metadata.name);
    const expected = input.metadata.resourceVersion;
    if (expected && expected !== previous.metadata.resourceVersion)
      throw errors.conflict(type, input.metadata.name);
    const revision = ++this.revision;
    const specChanged =
      options.bumpGeneration ?? JSON.stringify(input.spec) !== JSON.stringify(previous.spec);
    const object: KubeObject = {
      ...clone(input),
      apiVersion: previous.apiVersion,
      kind: previous.kind,
      metadata: {
        ...clone(input.metadata),
        uid: previous.metadata.uid,
        creationTimestamp: previous.metadata.creationTimestamp,
        resourceVersion: String(revision),
        generation: (previous.metadata.generation ?? 1) + (specChanged ? 1 : 0),
      },
    };
    if (namespace !== undefined) object.metadata.namespace = namespace;
    deepFreeze(object);
    collection.set(key, object);
    this.record(type, { type: 'MODIFIED', object, previous, resourceVersion: revision });
    return object;
  }

  delete(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const collection = this.collection(type);
    const key = objectKey(type.namespaced ? namespace : undefined, name);
    const previous = collection.get(key);
    if (!previous) throw errors.notFound(type, name);
    collection.delete(key);
    const revision = ++this.revision;
    const object: KubeObject = deepFreeze({
      ...previous,
      metadata: { ...previous.metadata, resourceVersion: String(revision) },
    });
    this.record(type, { type: 'DELETED', object, previous, resourceVersion: revision });
    return object;
  }

  /** Changes after `resourceVersion`, or 'expired' when that point was compacted away. */
  changesSince(type: ResourceType, resourceVersion: number): StoreEvent[] | 'expired' {
    return this.history(type).since(resourceVersion);
  }

  /** The oldest resourceVersion a watch of this type can still resume from. */
  oldestResumable(type: ResourceType): number {
    return this.history(type).oldest;
  }

  /** Forgets all history, as etcd compaction does: every older resourceVersion now yields 410. */
  compact(): void {
    // Advancing the revision first lets a list made after compaction resume, while every earlier one expires.
    this.revision++;
    for (const history of this.histories.values()) history.compact(this.revision);
  }

  subscribe(type: ResourceType, listener: StoreListener): () => void {
    const key = groupResource(type);
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  private record(type: ResourceType, event: StoreEvent): void {
    this.history(type).push(event);
    const listeners = this.listeners.get(groupResource(type));
    if (!listeners) return;
    for (const listener of [...listeners]) listener(event);
  }
}

function compareKeys(a: KubeObject, b: KubeObject): number {
  const ka = objectKey(a.metadata.namespace, a.metadata.name);
  const kb = objectKey(b.metadata.namespace, b.metadata.name);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function randomSuffix(): string {
  let out = '';
  for (let i = 0; i < 5; i++) out += SUFFIX_ALPHABET[Math.floor(Math.random() * SUFFIX_ALPHABET.length)];
  return out;
}
