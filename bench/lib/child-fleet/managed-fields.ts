import type { KubeObject, SimulatedCluster } from '@flotilla/cluster-testkit';

type Json = Record<string, unknown>;

const record = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.map(record) : []);

/** `f:` entries for every key of an object, as server-side apply's fieldsV1 spells them. */
function fields(object: Json): Json {
  const out: Json = {};
  for (const key of Object.keys(object)) out[`f:${key}`] = {};
  return out;
}

/**
 * What a real API server sends with every pod: one managedFields entry for the controller that
 * created it and one for the kubelet's status, shaped like theirs (fieldsV1 naming the fields
 * each manager owns). Simulated pods carry none; adding them makes list and watch payloads — and
 * what a client keeps unless it drops them — as large as on a real cluster.
 */
export function withManagedFields(pod: KubeObject): KubeObject {
  const metadata = pod.metadata;
  const spec = record(pod['spec']);
  const status = record(pod['status']);
  const time = metadata.creationTimestamp;
  const containers: Json = {};
  for (const container of list(spec['containers']))
    containers[`k:{"name":"${String(container['name'])}"}`] = { '.': {}, ...fields(container) };
  const conditions: Json = {};
  for (const condition of list(status['conditions']))
    conditions[`k:{"type":"${String(condition['type'])}"}`] = { '.': {}, ...fields(condition) };
  const owners: Json = {};
  for (const owner of metadata.ownerReferences ?? []) owners[`k:{"uid":"${owner.uid}"}`] = {};
  const managedFields = [
    {
      manager: 'kube-controller-manager',
      operation: 'Update',
      apiVersion: 'v1',
      time,
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': {
          'f:generateName': {},
          'f:labels': { '.': {}, ...fields(metadata.labels ?? {}) },
          'f:ownerReferences': { '.': {}, ...owners },
        },
        'f:spec': { 'f:containers': containers, ...fields(spec) },
      },
    },
    {
      manager: 'kubelet',
      operation: 'Update',
      apiVersion: 'v1',
      time,
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:status': { 'f:conditions': { '.': {}, ...conditions }, ...fields(status) } },
      subresource: 'status',
    },
  ];
  return { ...pod, metadata: { ...metadata, managedFields } };
}

/** Gives every pod of the clusters its managedFields (before any client watches). */
export function addManagedFields(clusters: readonly SimulatedCluster[]): void {
  for (const cluster of clusters) {
    const type = cluster.registry.all().find((t) => t.plural === 'pods' && t.group === '');
    if (!type) throw new Error(`${cluster.name}: serves no pods`);
    for (const pod of cluster.store.list(type).items)
      cluster.store.update(type, withManagedFields(pod), { bumpGeneration: false });
  }
}
