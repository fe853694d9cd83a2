import { CustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1';
import { DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-models/apps/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Event, Namespace, Node, Pod, Secret, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { generateWorkload } from '../workload/seed';

const NOW = new Date('2026-11-01T10:00:00Z');

function validator<T>(Model: new (data: T) => { validate(): void }) {
  return (obj: KubeObject) => new Model(obj as unknown as T).validate();
}

/** Every kind the generator emits that kubernetes-models has a schema for. */
const SCHEMAS: Readonly<Record<string, (obj: KubeObject) => void>> = {
  Pod: validator(Pod),
  Node: validator(Node),
  Namespace: validator(Namespace),
  Service: validator(Service),
  ConfigMap: validator(ConfigMap),
  Secret: validator(Secret),
  Event: validator(Event),
  Deployment: validator(Deployment),
  ReplicaSet: validator(ReplicaSet),
  StatefulSet: validator(StatefulSet),
  DaemonSet: validator(DaemonSet),
  PodDisruptionBudget: validator(PodDisruptionBudget),
  CustomResourceDefinition: validator(CustomResourceDefinition),
};

describe('generateWorkload schema validity', () => {
  it.each([
    ['kubernetes', 1, 30, 3, 3],
    ['kubernetes', 'schema', 200, 6, 8],
    ['openshift', 9, 45, 4, 2],
    ['kubernetes', 3, 5, 1, 0],
  ] as const)(
    'emits only schema-valid objects (%s, seed %s, %i pods)',
    (flavor, seed, pods, nodes, namespaces) => {
      const objects = generateWorkload({
        seed,
        clusterName: 'schema',
        now: NOW,
        flavor,
        pods,
        nodes,
        namespaces,
      });
      const kinds = new Set(objects.map((o) => o.kind));
      for (const kind of Object.keys(SCHEMAS)) {
        if (pods === 5 && (kind === 'StatefulSet' || kind === 'PodDisruptionBudget' || kind === 'Event'))
          continue;
        expect(kinds, kind).toContain(kind);
      }
      for (const obj of objects) {
        const validate = SCHEMAS[obj.kind];
        if (validate === undefined) {
          expect(['CronTab', 'ClusterVersion']).toContain(obj.kind);
          continue;
        }
        expect(
          () => validate(obj),
          `${obj.kind} ${obj.metadata.namespace ?? ''}/${obj.metadata.name}`,
        ).not.toThrow();
      }
    },
  );
});
