import type { ClusterSession } from '../cluster-session';
import type { KubeObject } from './kube-object';
import type { ListWatcher, ObjectList } from './list-watcher';
import { collectionPath, resourceLabel, type ResourceDescriptor } from './resource';

/** What a list-watcher needs of a session (a structural pick, so tests can pass a double). */
export type ListWatchSession = Pick<ClusterSession, 'request' | 'stream'>;

export interface ListSelectors {
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
}

/**
 * Lists and watches one collection through a session: its rate limiter, its error log and its
 * health bookkeeping (a 401 on a watch starts that cluster's auth recovery, like any request).
 */
export function sessionListWatcher<T extends KubeObject = KubeObject>(
  session: ListWatchSession,
  resource: ResourceDescriptor,
  selectors: ListSelectors = {},
): ListWatcher<T> {
  const path = collectionPath(resource);
  const label = resourceLabel(resource);
  const selection = {
    labelSelector: selectors.labelSelector || undefined,
    fieldSelector: selectors.fieldSelector || undefined,
  };
  return {
    async list(options, signal) {
      const response = await session.request<ObjectList<T>>({
        path,
        query: {
          ...selection,
          limit: options.limit,
          continue: options.continue,
          resourceVersion: options.resourceVersion || undefined,
        },
        signal,
        source: 'informer',
        resourceKind: label,
      });
      return response.body;
    },
    watch(options, signal) {
      return session.stream({
        path,
        query: {
          ...selection,
          watch: true,
          resourceVersion: options.resourceVersion || undefined,
          allowWatchBookmarks: options.allowWatchBookmarks,
          timeoutSeconds: options.timeoutSeconds,
        },
        signal,
        ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
        source: 'informer',
        resourceKind: label,
      });
    },
  };
}
