import type { ClusterManager } from '../cluster-manager';
import type { ClusterSession } from '../cluster-session';

/** Options of a single node write. */
export interface NodeWriteOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface CordonResult {
  clusterId: string;
  clusterName: string;
  node: string;
  unschedulable: boolean;
  /** False when the node already was in that state (kubectl: "already cordoned"). */
  changed: boolean;
}

interface NodeObject {
  metadata: { name: string };
  spec?: { unschedulable?: boolean };
}

/** Either a session, or a manager and the explicit id of the cluster to write to (BRIEF I9). */
export type NodeWriteArgs =
  | [session: ClusterSession, node: string, options?: NodeWriteOptions]
  | [manager: ClusterManager, clusterId: string, node: string, options?: NodeWriteOptions];

export function resolveNodeWrite(args: NodeWriteArgs): {
  session: ClusterSession;
  node: string;
  options: NodeWriteOptions;
} {
  if (args.length >= 3 && typeof args[2] === 'string') {
    const [manager, clusterId, node, options] = args as [ClusterManager, string, string, NodeWriteOptions?];
    return { session: manager.require(clusterId), node, options: options ?? {} };
  }
  const [session, node, options] = args as [ClusterSession, string, NodeWriteOptions?];
  return { session, node, options: options ?? {} };
}

export const nodePath = (node: string) => `/api/v1/nodes/${encodeURIComponent(node)}`;

/** Sets `spec.unschedulable`, reading first so an unchanged node is not written. */
export async function setUnschedulable(
  session: ClusterSession,
  node: string,
  unschedulable: boolean,
  options: NodeWriteOptions = {},
): Promise<CordonResult> {
  const request = { signal: options.signal, timeoutMs: options.timeoutMs, source: 'maintenance' } as const;
  const current = await session.request<NodeObject>({
    ...request,
    path: nodePath(node),
    resourceKind: 'Node',
    identifier: node,
  });
  const result = { clusterId: session.clusterId, clusterName: session.clusterName, node, unschedulable };
  if ((current.body.spec?.unschedulable ?? false) === unschedulable) return { ...result, changed: false };
  await session.request<NodeObject>({
    ...request,
    method: 'PATCH',
    path: nodePath(node),
    contentType: 'application/merge-patch+json',
    // `null` removes the field, as `kubectl uncordon` leaves it.
    body: { spec: { unschedulable: unschedulable ? true : null } },
    idempotent: true,
    resourceKind: 'Node',
    identifier: node,
  });
  return { ...result, changed: true };
}

/** Marks a node unschedulable: `cordon(session, node)` or `cordon(manager, clusterId, node)`. */
export function cordon(...args: NodeWriteArgs): Promise<CordonResult> {
  const { session, node, options } = resolveNodeWrite(args);
  return setUnschedulable(session, node, true, options);
}

/** Makes a node schedulable again: `uncordon(session, node)` or `uncordon(manager, clusterId, node)`. */
export function uncordon(...args: NodeWriteArgs): Promise<CordonResult> {
  const { session, node, options } = resolveNodeWrite(args);
  return setUnschedulable(session, node, false, options);
}
