/** Assigns pods to nodes and pod IPs out of each node's podCIDR. */
import type { NodeInfo } from './nodes';

export interface Placement {
  nodeName: string;
  hostIP: string;
  podIP: string;
}

export class PodPlacer {
  private readonly schedulable: NodeInfo[];
  private cursor = 0;
  private readonly allocated = new Map<string, number>();

  constructor(nodes: readonly NodeInfo[]) {
    const open = nodes.filter((n) => n.schedulable);
    this.schedulable = open.length > 0 ? open : [...nodes];
  }

  /** Round-robin over the nodes ordinary workloads may use. */
  next(): Placement {
    const node = this.schedulable[this.cursor % this.schedulable.length];
    if (node === undefined) throw new Error('PodPlacer: cluster has no nodes');
    this.cursor++;
    return this.on(node);
  }

  on(node: NodeInfo): Placement {
    const n = this.allocated.get(node.name) ?? 0;
    this.allocated.set(node.name, n + 1);
    // .0 and .1 of each /24 are the network and the bridge, as with the usual CNI plugins.
    const octet2 = 244 + Math.floor(n / 253);
    return {
      nodeName: node.name,
      hostIP: node.internalIP,
      podIP: `10.${octet2}.${node.index}.${2 + (n % 253)}`,
    };
  }

  /** Host-network pods share the node's address. */
  hostNetwork(node: NodeInfo): Placement {
    return { nodeName: node.name, hostIP: node.internalIP, podIP: node.internalIP };
  }
}
