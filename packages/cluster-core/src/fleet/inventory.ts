import type { ClusterSession } from '../cluster-session';
import { FlotillaError } from '../errors';
import type { ResolvedResource } from './api-resource';
import { listAll } from './list-pages';
import { parseQuantity } from './quantity';

/** What `ClusterMetadata` shows about a cluster's size. */
export interface ClusterInventory {
  nodes: { ready: number; total: number };
  /** Summed over all nodes: CPU in cores, memory in bytes. */
  allocatable: { cpu: number; memory: number };
  pods: number;
}

interface NodeObject {
  status?: {
    allocatable?: Record<string, unknown>;
    conditions?: Array<{ type?: string; status?: string }>;
  };
}

interface PodPage {
  items?: unknown[];
  metadata?: { continue?: string; remainingItemCount?: number };
}

// Nodes and pods are core v1 everywhere, so no discovery round trip is needed.
const NODES: ResolvedResource = {
  group: '',
  version: 'v1',
  resource: 'nodes',
  kind: 'Node',
  namespaced: false,
};
const PODS: ResolvedResource = { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true };

/** Lists one cluster's nodes and counts its pods. */
export async function readInventory(session: ClusterSession, signal: AbortSignal): Promise<ClusterInventory> {
  const [nodes, pods] = await Promise.all([
    listAll<NodeObject>(session, NODES, {}, signal),
    countPods(session, signal),
  ]);
  let ready = 0;
  let cpu = 0;
  let memory = 0;
  for (const node of nodes) {
    if (node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) ready++;
    cpu += parseQuantity(node.status?.allocatable?.['cpu']) ?? 0;
    memory += parseQuantity(node.status?.allocatable?.['memory']) ?? 0;
  }
  return {
    nodes: { ready, total: nodes.length },
    // Whole millicores and bytes: sums of decimal fractions would otherwise show 7.800000000000001.
    allocatable: { cpu: Math.round(cpu * 1000) / 1000, memory: Math.round(memory) },
    pods,
  };
}

/**
 * One item plus `remainingItemCount` counts the pods without transferring them; a server that
 * does not report the remainder (it may not, with selectors or some storage) is paged through.
 */
async function countPods(session: ClusterSession, signal: AbortSignal): Promise<number> {
  const first = await session.request<PodPage>({
    path: '/api/v1/pods',
    query: { limit: 1 },
    signal,
    source: 'inventory',
    resourceKind: 'Pod',
  });
  if (!Array.isArray(first.body?.items)) {
    throw new FlotillaError({
      clusterId: session.clusterId,
      clusterName: session.clusterName,
      kind: 'malformed-response',
      retryable: false,
      message: 'list pods: no items array',
    });
  }
  const items = first.body.items.length;
  if (!first.body.metadata?.continue) return items;
  const remaining = first.body.metadata.remainingItemCount;
  if (typeof remaining === 'number' && remaining >= 0) return items + remaining;
  return (await listAll(session, PODS, {}, signal)).length;
}
