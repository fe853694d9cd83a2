import type { SerializedFlotillaError } from '../errors';

/** The parts of a Kubernetes object the fleet store reads; everything else is carried untouched. */
export interface KubeObjectLike {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    generation?: number;
    generateName?: string;
    deletionTimestamp?: string;
    finalizers?: string[];
    ownerReferences?: Array<{
      apiVersion?: string;
      kind: string;
      name: string;
      uid?: string;
      controller?: boolean;
    }>;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    managedFields?: unknown[];
  };
  [field: string]: unknown;
}

/**
 * One stored object with its origin. Plain and immutable: an update stores a new item, so results
 * can be compared by reference and sent to a browser as they are.
 */
export interface FleetStoreItem<T extends KubeObjectLike = KubeObjectLike> {
  readonly clusterId: string;
  readonly clusterName: string;
  /** `group/Kind` (`apps/Deployment`), or just `Kind` for the core group (`Pod`). */
  readonly kind: string;
  readonly object: T;
}

export type SyncStateName = 'syncing' | 'synced' | 'stale' | 'error';

/** How current one cluster × kind is; `since` is when it entered this state (clock ms). */
export interface SyncState {
  readonly state: SyncStateName;
  readonly since: number;
  readonly error?: SerializedFlotillaError;
}

/** The identity of an object inside one cluster × kind. */
export interface ObjectRef {
  namespace?: string;
  name: string;
}

/**
 * The store's key for a kind: `group/Kind`, with the group taken from `apiVersion` so that
 * `apps/v1` and `apps/v1beta2` Deployments land together and the core group stays bare (`Pod`).
 */
export function kindKey(apiVersion: string | undefined, kind: string): string {
  const slash = apiVersion ? apiVersion.indexOf('/') : -1;
  return slash > 0 && apiVersion ? `${apiVersion.slice(0, slash)}/${kind}` : kind;
}

/** The kind key of an object, from its own `apiVersion` and `kind`. */
export function kindKeyOf(object: KubeObjectLike): string {
  return kindKey(object.apiVersion, object.kind ?? '');
}
