import type { ClusterSession } from '../cluster-session';
import type { ClusterRef } from '../events';

export interface PodLogOptions {
  namespace: string;
  pod: string;
  /** Required by the API server when the pod has several containers. */
  container?: string;
  /** Keep the stream open and yield lines as they are written. */
  follow?: boolean;
  sinceSeconds?: number;
  tailLines?: number;
  /** Prefix each line with its RFC 3339 timestamp. */
  timestamps?: boolean;
  /** Followed streams end with a `timeout` error when nothing arrives for this long. */
  idleTimeoutMs?: number;
  signal?: AbortSignal;
}

/** Lines of one container's log in one cluster; the stream names its cluster, so lines need not. */
export interface PodLogStream extends ClusterRef, AsyncIterable<string> {
  namespace: string;
  pod: string;
  container: string | null;
  follow: boolean;
  /** Ends the iteration (and a followed connection). */
  close(): void;
}

/** The API path of a pod's log. */
export const podLogPath = (namespace: string, pod: string) =>
  `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`;

/**
 * Opens a pod's log. Errors of the request itself (unknown pod: `not-found`, wrong or missing
 * container: `invalid`, `authz` …) reject here, naming the cluster; a followed stream that breaks
 * later ends its iteration with that cluster's error.
 */
export async function streamPodLogs(session: ClusterSession, options: PodLogOptions): Promise<PodLogStream> {
  const query = {
    ...(options.container !== undefined ? { container: options.container } : {}),
    ...(options.sinceSeconds !== undefined ? { sinceSeconds: options.sinceSeconds } : {}),
    ...(options.tailLines !== undefined ? { tailLines: options.tailLines } : {}),
    ...(options.timestamps ? { timestamps: true } : {}),
  };
  const label = {
    source: 'logs',
    resourceKind: 'Pod',
    identifier: `${options.namespace}/${options.pod}`,
  };
  const base = {
    clusterId: session.clusterId,
    clusterName: session.clusterName,
    namespace: options.namespace,
    pod: options.pod,
    container: options.container ?? null,
    follow: options.follow ?? false,
  };
  const path = podLogPath(options.namespace, options.pod);

  if (options.follow) {
    const stream = await session.stream({
      ...label,
      path,
      query: { ...query, follow: true },
      accept: 'text/plain, */*',
      signal: options.signal,
      ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
    });
    return {
      ...base,
      close: () => stream.close(),
      [Symbol.asyncIterator]: () => stream.lines()[Symbol.asyncIterator](),
    };
  }

  const response = await session.request<string>({
    ...label,
    path,
    query,
    accept: 'text/plain, */*',
    responseType: 'text',
    signal: options.signal,
  });
  const lines = response.body.split('\n');
  if (lines.at(-1) === '') lines.pop();
  let closed = false;
  return {
    ...base,
    close: () => {
      closed = true;
    },
    async *[Symbol.asyncIterator]() {
      for (const line of lines) {
        if (closed) return;
        yield line;
      }
    },
  };
}
