import { generateWorkload, type KubeObject } from '@flotilla/cluster-testkit';
import { withManagedFields } from '../../lib/child-fleet/managed-fields';
import { restarted } from '../../lib/child-fleet/pod-burst';

/** One in-memory cluster's prepared data. */
export interface MemoryClusterData {
  name: string;
  /** The pod list as a server would send it. */
  listText: string;
  /** Its share of the watch events, as NDJSON lines in resourceVersion order. */
  lines: string[];
}

export interface InProcessData {
  clusters: MemoryClusterData[];
  podsPerCluster: number;
  /** Every event of every cluster. */
  events: number;
}

const FIRST_VERSION = 100_000;

/**
 * Pods of the testkit's workload generator (with managedFields when asked, as over HTTPS) and
 * `events` MODIFIED events over them, round robin over clusters and pods, each with a new
 * resourceVersion: the same shape of data the HTTPS subjects receive, prepared before timing.
 */
export function prepareInProcessData(options: {
  clusters: number;
  podsPerCluster: number;
  events: number;
  managedFields: boolean;
}): InProcessData {
  const clusters: MemoryClusterData[] = [];
  const pods: KubeObject[][] = [];
  for (let c = 0; c < options.clusters; c++) {
    const name = `memory-${c + 1}`;
    let version = FIRST_VERSION;
    const items = generateWorkload({ seed: name, clusterName: name, pods: options.podsPerCluster })
      .filter((o) => o.kind === 'Pod')
      .map((pod) => {
        const versioned = { ...pod, metadata: { ...pod.metadata, resourceVersion: String(++version) } };
        return options.managedFields ? withManagedFields(versioned) : versioned;
      });
    pods.push(items);
    const listText = JSON.stringify({
      kind: 'PodList',
      apiVersion: 'v1',
      metadata: { resourceVersion: String(version) },
      items,
    });
    clusters.push({ name, listText, lines: [] });
  }
  for (let i = 0; i < options.events; i++) {
    const c = i % options.clusters;
    const cluster = clusters[c] as MemoryClusterData;
    const list = pods[c] as KubeObject[];
    const index = Math.floor(i / options.clusters) % list.length;
    const pod = restarted(list[index] as KubeObject);
    const version = String(FIRST_VERSION * 2 + i);
    const object = { ...pod, metadata: { ...pod.metadata, resourceVersion: version } };
    list[index] = object;
    cluster.lines.push(JSON.stringify({ type: 'MODIFIED', object }));
  }
  return { clusters, podsPerCluster: options.podsPerCluster, events: options.events };
}
