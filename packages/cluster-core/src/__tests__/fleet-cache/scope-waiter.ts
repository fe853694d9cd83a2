import type { ClusterManager } from '../../cluster-manager';
import type { CacheScope } from '../../fleet-cache/cache-scope';
import { readClusterSlice, type ClusterSlice } from '../../fleet-cache/cluster-slice';

export type SliceReader = (clusterId: string) => ClusterSlice;

/** Waits (bounded) until `predicate` holds for the scope as a view would read it. */
export function untilScope(
  manager: ClusterManager,
  scope: CacheScope,
  predicate: (read: SliceReader) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const read: SliceReader = (id) => readClusterSlice(manager, scope, id);
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!predicate(read)) return;
      clearTimeout(timer);
      off();
      resolve();
    };
    const timer = setTimeout(() => {
      off();
      const seen = manager.list().map((s) => {
        const { status } = read(s.clusterId);
        return [s.clusterName, status.status, status.count, status.error?.kind ?? status.reason ?? ''];
      });
      reject(new Error(`no ${what} within ${timeoutMs} ms; last seen: ${JSON.stringify(seen)}`));
    }, timeoutMs);
    const off = scope.subscribe(check);
    check();
  });
}
