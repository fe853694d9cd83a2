import type { ClusterSession } from '../cluster-session';
import { FlotillaError } from '../errors';
import { resourcePath, type ResolvedResource } from './api-resource';

export interface FleetListOptions {
  /** Omitted: all namespaces. Ignored for cluster-scoped resources. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Page size; every page is followed. Default 500 (client-go's reflector). */
  limit?: number;
  /** Cap on each page's body (a larger one is a `malformed-response` error for that cluster). */
  maxResponseBytes?: number;
}

interface ListPage<T> {
  items?: T[];
  metadata?: { continue?: string; remainingItemCount?: number };
}

/** Items per list page (client-go's pager uses 500). */
export const DEFAULT_PAGE_SIZE = 500;

/**
 * Lists every item of one resource in one cluster, page by page. An expired continue token (410)
 * restarts the list once from the beginning, as client-go's pager does.
 */
export async function listAll<T>(
  session: ClusterSession,
  resource: ResolvedResource,
  options: FleetListOptions,
  signal: AbortSignal,
): Promise<T[]> {
  try {
    return await readPages<T>(session, resource, options, signal);
  } catch (error) {
    if (error instanceof FlotillaError && error.status === 410 && !signal.aborted)
      return readPages<T>(session, resource, options, signal);
    throw error;
  }
}

async function readPages<T>(
  session: ClusterSession,
  resource: ResolvedResource,
  options: FleetListOptions,
  signal: AbortSignal,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const page = await session.request<ListPage<T>>({
      path: resourcePath(resource, { namespace: options.namespace }),
      query: {
        labelSelector: options.labelSelector,
        fieldSelector: options.fieldSelector,
        limit: options.limit ?? DEFAULT_PAGE_SIZE,
        continue: token,
      },
      signal,
      source: 'list',
      resourceKind: resource.kind,
      ...(options.maxResponseBytes !== undefined ? { maxResponseBytes: options.maxResponseBytes } : {}),
    });
    if (!page.body || !Array.isArray(page.body.items)) throw malformed(session, resource, 'no items array');
    items.push(...page.body.items);
    token = page.body.metadata?.continue || undefined;
    if (token !== undefined) {
      // A server handing out the same token twice would otherwise keep us here forever.
      if (seen.has(token)) throw malformed(session, resource, 'repeated continue token');
      seen.add(token);
    }
  } while (token !== undefined);
  return items;
}

function malformed(session: ClusterSession, resource: ResolvedResource, why: string): FlotillaError {
  return new FlotillaError({
    clusterId: session.clusterId,
    clusterName: session.clusterName,
    kind: 'malformed-response',
    retryable: false,
    message: `list ${resource.resource}: ${why}`,
  });
}
