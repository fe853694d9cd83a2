import { preferenceError } from './credential-guard';
import type { PreferenceStore } from './preference-store';

/** A filter the user saved for one cluster. */
export interface SavedFilter {
  name: string;
  /** e.g. `pods`, `deployments.apps`. */
  resource: string;
  query: string;
}

/**
 * The per-cluster preferences Flotilla knows and their value types. Each is stored as
 * `<key>:<clusterId>` (BRIEF I8) in the underlying store; any other key name works the same way.
 */
export interface KnownClusterPreferences {
  /** The namespace views open in; `null` means the context's own namespace. */
  'cluster:default-namespace': string | null;
  /** A CSS colour marking the cluster in the UI. */
  'cluster:colour': string | null;
  /** User labels, e.g. `{ env: 'prod', region: 'eu' }`. */
  'cluster:labels': Record<string, string>;
  /** Names of the groups the user filed the cluster under. */
  'cluster:groups': string[];
  'filters:saved': SavedFilter[];
  /** Whether the pod list shows only unhealthy pods. */
  'pods:unhealthy-filter': boolean;
}

export type KnownClusterPreferenceKey = keyof KnownClusterPreferences;

/** The typed per-cluster preference keys (see {@link KnownClusterPreferences}). */
export const KNOWN_CLUSTER_PREFERENCE_KEYS: readonly KnownClusterPreferenceKey[] = [
  'cluster:default-namespace',
  'cluster:colour',
  'cluster:labels',
  'cluster:groups',
  'filters:saved',
  'pods:unhealthy-filter',
];

/** One cluster's view of the preferences: keys are given without the clusterId. */
export interface ClusterPreferenceScope {
  readonly clusterId: string;
  /** The stored value, or `fallback` when none is stored or it is not of the fallback's kind. */
  get<K extends KnownClusterPreferenceKey>(
    key: K,
    fallback: KnownClusterPreferences[K],
  ): KnownClusterPreferences[K];
  get<T>(key: string, fallback: T): T;
  set<K extends KnownClusterPreferenceKey>(key: K, value: KnownClusterPreferences[K]): void;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  /** Key names stored for this cluster. */
  keys(): string[];
  /** Deletes every preference of this cluster (when the cluster is removed for good). */
  clear(): void;
  subscribe(listener: (change: { key: string; value: unknown }) => void): () => void;
}

/**
 * Per-cluster preferences on top of any {@link PreferenceStore}: `forCluster(id).set('colour', …)`
 * stores `colour:<id>`, so two clusters never share a setting and a cluster's settings follow its
 * stable id across restarts.
 */
export class ClusterPreferences {
  constructor(readonly store: PreferenceStore) {}

  static key(key: string, clusterId: string): string {
    return `${key}:${clusterId}`;
  }

  forCluster(clusterId: string): ClusterPreferenceScope {
    const store = this.store;
    const suffix = `:${clusterId}`;
    const full = (key: string) => {
      if (key === '') throw preferenceError('a preference key must not be empty');
      return ClusterPreferences.key(key, clusterId);
    };
    const keys = () =>
      store
        .keys()
        .filter((k) => k.endsWith(suffix) && k.length > suffix.length)
        .map((k) => k.slice(0, -suffix.length));
    return {
      clusterId,
      get: <T>(key: string, fallback: T): T => {
        const value = store.get(full(key));
        return sameKind(value, fallback) ? (value as T) : fallback;
      },
      set: (key: string, value: unknown) => store.set(full(key), value),
      delete: (key: string) => store.delete(full(key)),
      keys,
      clear: () => {
        for (const key of keys()) store.delete(full(key));
      },
      subscribe: (listener) =>
        store.subscribe((change) => {
          if (change.key.endsWith(suffix) && change.key.length > suffix.length) {
            listener({ key: change.key.slice(0, -suffix.length), value: change.value });
          }
        }),
    };
  }
}

function sameKind(value: unknown, fallback: unknown): boolean {
  if (value === undefined) return false;
  if (fallback === null || fallback === undefined) return true;
  if (Array.isArray(fallback)) return Array.isArray(value);
  if (typeof fallback === 'object')
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  return typeof value === typeof fallback;
}
