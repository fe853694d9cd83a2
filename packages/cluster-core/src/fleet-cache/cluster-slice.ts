import type { ClusterManager } from '../cluster-manager';
import { FlotillaError, type SerializedFlotillaError } from '../errors';
import type { ClusterQueryStatus } from '../fleet-store/query';
import type { FleetStoreItem } from '../fleet-store/types';
import type { CacheScope } from './cache-scope';
import { IDLE_REASON } from './cluster-feed';

/** One targeted cluster's part of a live view: its status entry and its items. */
export interface ClusterSlice {
  readonly status: ClusterQueryStatus;
  /** Ordered by namespace, then name. */
  readonly items: readonly FleetStoreItem[];
  /** The kind key this cluster resolved the query to; null until it did. */
  readonly kind: string | null;
}

const NO_ITEMS: readonly FleetStoreItem[] = Object.freeze([]);

/**
 * Reads one cluster of a scope as a view shows it, never as an empty success: a cluster not in
 * the fleet is an `unknown-cluster` error, an idle one is `skipped`, one whose kind lookup failed
 * is that lookup's error, and one not heard from yet is `syncing`.
 */
export function readClusterSlice(
  manager: ClusterManager,
  scope: CacheScope | undefined,
  clusterId: string,
): ClusterSlice {
  const session = manager.get(clusterId);
  const ref = { clusterId, clusterName: session?.clusterName ?? clusterId };
  const waiting = (): ClusterSlice => ({
    status: { ...ref, status: 'syncing', count: 0, since: null },
    items: NO_ITEMS,
    kind: null,
  });
  if (!session) {
    const error = new FlotillaError({
      kind: 'unknown-cluster',
      clusterId,
      message: `unknown cluster "${clusterId}"`,
      retryable: false,
    });
    return failed(ref, error.toJSON(), null);
  }
  const feed = scope?.feedStatus(clusterId);
  if (!feed) {
    if (session.getSnapshot().connection !== 'idle') return waiting();
    return {
      status: { ...ref, status: 'skipped', count: 0, since: null, reason: IDLE_REASON },
      items: NO_ITEMS,
      kind: null,
    };
  }
  if (feed.phase === 'skipped') {
    return {
      status: { ...ref, status: 'skipped', count: 0, since: feed.since, reason: feed.reason },
      items: NO_ITEMS,
      kind: null,
    };
  }
  if (feed.phase === 'resolving') return feed.error ? failed(ref, feed.error, feed.since) : waiting();
  const result = (scope as CacheScope).store.query({
    kind: feed.kind,
    clusters: [clusterId],
    sort: 'namespace',
  });
  const status = result.clusters[0];
  if (!status) return waiting();
  return { status, items: result.items, kind: feed.kind };
}

function failed(
  ref: { clusterId: string; clusterName: string },
  error: SerializedFlotillaError,
  since: number | null,
): ClusterSlice {
  return { status: { ...ref, status: 'error', count: 0, since, error }, items: NO_ITEMS, kind: null };
}

/** Same content: equal status fields (errors by kind and message) and the very same items. */
export function sameSlice(a: ClusterSlice, b: ClusterSlice): boolean {
  if (a.kind !== b.kind || a.items.length !== b.items.length || !sameStatus(a.status, b.status)) return false;
  for (let i = 0; i < a.items.length; i++) if (a.items[i] !== b.items[i]) return false;
  return true;
}

function sameStatus(a: ClusterQueryStatus, b: ClusterQueryStatus): boolean {
  return (
    a.clusterId === b.clusterId &&
    a.clusterName === b.clusterName &&
    a.status === b.status &&
    a.count === b.count &&
    a.since === b.since &&
    a.reason === b.reason &&
    a.error?.kind === b.error?.kind &&
    a.error?.message === b.error?.message
  );
}
