import { expect } from 'vitest';
import type { KubeObject, ResourceType, SimulatedCluster } from '@flotilla/cluster-testkit';
import type { FleetResourcesSnapshot } from '../../client/fleet-client';

function typeOf(cluster: SimulatedCluster, group: string, plural: string): ResourceType {
  const type = cluster.registry.all().find((t) => t.group === group && t.plural === plural);
  if (!type) throw new Error(`${cluster.name} serves no ${plural}`);
  return type;
}

/** What the server holds: the truth a view is compared with. */
export function serverCount(cluster: SimulatedCluster, plural = 'pods', group = ''): number {
  return cluster.store.list(typeOf(cluster, group, plural)).items.length;
}

export function serverPods(cluster: SimulatedCluster): KubeObject[] {
  return cluster.store.list(typeOf(cluster, '', 'pods')).items;
}

const created = '2026-01-01T00:00:00Z';

/** Stores a running pod directly in the cluster (watchers see it as any other change). */
export function addPod(cluster: SimulatedCluster, name: string, namespace = 'default'): void {
  cluster.seed([
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace,
        uid: `${cluster.name}-${name}`,
        resourceVersion: '',
        creationTimestamp: created,
      },
      spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
      status: { phase: 'Running' },
    },
  ]);
}

/** The same-named ConfigMap in a cluster, with one value that differs between clusters. */
export function addConfigMap(
  cluster: SimulatedCluster,
  name: string,
  color: string,
  extra: Record<string, string> = {},
): void {
  cluster.seed([
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name,
        namespace: 'default',
        uid: `${cluster.name}-${name}`,
        resourceVersion: '',
        creationTimestamp: created,
      },
      data: { color, shape: 'round', ...extra },
    },
  ]);
}

/** A readable summary of a resources snapshot for failure messages. */
export function summary(snapshot: FleetResourcesSnapshot): unknown {
  return {
    items: snapshot.items.length,
    partial: snapshot.partial,
    loaded: snapshot.loaded,
    clusters: snapshot.clusters.map((c) => [
      c.clusterName,
      c.status,
      c.count,
      c.error?.kind ?? c.reason ?? '',
    ]),
  };
}

export function statusOf(snapshot: FleetResourcesSnapshot, clusterId: string) {
  return snapshot.clusters.find((cluster) => cluster.clusterId === clusterId);
}

/**
 * Plain data survives JSON unchanged: a class instance, Map, function, symbol or undefined field
 * anywhere in `value` makes the copy differ (toStrictEqual compares types and undefined fields).
 */
export function expectPlainData(value: unknown): void {
  expect(JSON.parse(JSON.stringify(value))).toStrictEqual(value);
}

/** A Secret whose value must never appear in an export. */
export function addSecret(cluster: SimulatedCluster, name: string, value: string): void {
  cluster.seed([
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name,
        namespace: 'default',
        uid: `${cluster.name}-${name}`,
        resourceVersion: '',
        creationTimestamp: created,
      },
      type: 'Opaque',
      data: { password: Buffer.from(value).toString('base64') },
    },
  ]);
}
