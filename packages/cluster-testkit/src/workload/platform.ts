/** Services, config, PodDisruptionBudgets and the cluster-level extras (CRD, CronTabs, ClusterVersion). */
import type { KubeObject } from '../api/types';
import { base64, isoSeconds, objectMeta, secondsAfter } from './meta';
import type { SeededRandom } from './random';

/** Hands out unique addresses from the default service CIDR 10.96.0.0/12 (first /16 only). */
export class ServiceIPs {
  private readonly used = new Set(['10.96.0.1', '10.96.0.10']);

  constructor(private readonly rng: SeededRandom) {}

  next(): string {
    // 256 × 254 addresses; past that the loop below could never finish.
    if (this.used.size >= 256 * 254) throw new RangeError('ServiceIPs: service CIDR exhausted');
    for (;;) {
      const ip = `10.96.${this.rng.int(0, 255)}.${this.rng.int(1, 254)}`;
      if (!this.used.has(ip)) {
        this.used.add(ip);
        return ip;
      }
    }
  }
}

export interface ServicePort {
  name: string;
  port: number;
  targetPort: number | string;
  protocol?: 'TCP' | 'UDP';
}

export interface ServiceInput {
  name: string;
  namespace: string;
  created: Date;
  /** 'None' makes a headless service, as StatefulSets use. */
  clusterIP: string;
  selector?: Record<string, string>;
  labels?: Record<string, string>;
  ports: readonly ServicePort[];
}

export function buildService(rng: SeededRandom, input: ServiceInput): KubeObject {
  const spec: Record<string, unknown> = {
    clusterIP: input.clusterIP,
    clusterIPs: [input.clusterIP],
    internalTrafficPolicy: 'Cluster',
    ipFamilies: ['IPv4'],
    ipFamilyPolicy: 'SingleStack',
    ports: input.ports.map((p) => ({
      name: p.name,
      port: p.port,
      protocol: p.protocol ?? 'TCP',
      targetPort: p.targetPort,
    })),
    sessionAffinity: 'None',
    type: 'ClusterIP',
  };
  if (input.selector !== undefined) spec.selector = { ...input.selector };
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(rng, {
      name: input.name,
      namespace: input.namespace,
      created: input.created,
      ...(input.labels !== undefined ? { labels: input.labels } : {}),
    }),
    spec,
    status: { loadBalancer: {} },
  };
}

export function buildConfigMap(
  rng: SeededRandom,
  name: string,
  namespace: string,
  created: Date,
  data: Record<string, string>,
  annotations?: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: objectMeta(rng, {
      name,
      namespace,
      created,
      ...(annotations !== undefined ? { annotations } : {}),
    }),
    data: { ...data },
  };
}

/** A PEM-shaped CA bundle. It is not a parseable certificate: nothing in a fake cluster verifies it. */
export function fakeCaBundle(rng: SeededRandom): string {
  const bytes = Buffer.from(rng.hex(1200), 'hex').toString('base64');
  const lines = bytes.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

export const ROOT_CA_DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

export function buildOpaqueSecret(
  rng: SeededRandom,
  name: string,
  namespace: string,
  created: Date,
  data: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: objectMeta(rng, { name, namespace, created }),
    type: 'Opaque',
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, base64(v)])),
  };
}

export interface PdbInput {
  name: string;
  namespace: string;
  created: Date;
  selector: Record<string, string>;
  minAvailable: number;
  expectedPods: number;
  healthyPods: number;
}

export function buildPodDisruptionBudget(rng: SeededRandom, input: PdbInput): KubeObject {
  const allowed = Math.max(0, input.healthyPods - input.minAvailable);
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: objectMeta(rng, {
      name: input.name,
      namespace: input.namespace,
      created: input.created,
      generation: 1,
    }),
    spec: { minAvailable: input.minAvailable, selector: { matchLabels: { ...input.selector } } },
    status: {
      conditions: [
        {
          type: 'DisruptionAllowed',
          status: allowed > 0 ? 'True' : 'False',
          reason: allowed > 0 ? 'SufficientPods' : 'InsufficientPods',
          message: '',
          observedGeneration: 1,
          lastTransitionTime: isoSeconds(secondsAfter(input.created, 2)),
        },
      ],
      currentHealthy: input.healthyPods,
      desiredHealthy: input.minAvailable,
      disruptionsAllowed: allowed,
      expectedPods: input.expectedPods,
      observedGeneration: 1,
    },
  };
}

/** The CronTab CustomResourceDefinition from the Kubernetes documentation. */
export function buildCronTabCrd(rng: SeededRandom, created: Date): KubeObject {
  const names = {
    plural: 'crontabs',
    singular: 'crontab',
    kind: 'CronTab',
    listKind: 'CronTabList',
    shortNames: ['ct'],
    categories: ['all'],
  };
  const at = isoSeconds(secondsAfter(created, 1));
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: objectMeta(rng, { name: 'crontabs.stable.example.com', created, generation: 1 }),
    spec: {
      group: 'stable.example.com',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  properties: {
                    cronSpec: { type: 'string' },
                    image: { type: 'string' },
                    replicas: { type: 'integer' },
                  },
                },
              },
            },
          },
        },
      ],
      scope: 'Namespaced',
      names,
      conversion: { strategy: 'None' },
    },
    status: {
      acceptedNames: names,
      conditions: [
        {
          type: 'NamesAccepted',
          status: 'True',
          reason: 'NoConflicts',
          message: 'no conflicts found',
          lastTransitionTime: at,
        },
        {
          type: 'Established',
          status: 'True',
          reason: 'InitialNamesAccepted',
          message: 'the initial names have been accepted',
          lastTransitionTime: at,
        },
      ],
      storedVersions: ['v1'],
    },
  };
}

export function buildCronTab(
  rng: SeededRandom,
  name: string,
  namespace: string,
  created: Date,
  spec: { cronSpec: string; image: string; replicas: number },
): KubeObject {
  return {
    apiVersion: 'stable.example.com/v1',
    kind: 'CronTab',
    metadata: objectMeta(rng, { name, namespace, created, generation: 1 }),
    spec: { ...spec },
  };
}

/** OpenShift's cluster-scoped `version` object, as `oc get clusterversion` reads it. */
export function buildClusterVersion(rng: SeededRandom, created: Date, now: Date): KubeObject {
  const version = `4.16.${rng.int(10, 30)}`;
  const image = `quay.io/openshift-release-dev/ocp-release@sha256:${rng.hex(64)}`;
  const installed = secondsAfter(created, rng.int(1800, 3600));
  const channels = [
    'candidate-4.16',
    'candidate-4.17',
    'eus-4.16',
    'fast-4.16',
    'fast-4.17',
    'stable-4.16',
    'stable-4.17',
  ];
  const at = isoSeconds(installed);
  return {
    apiVersion: 'config.openshift.io/v1',
    kind: 'ClusterVersion',
    metadata: objectMeta(rng, { name: 'version', created, generation: 2 }),
    spec: { channel: 'stable-4.16', clusterID: rng.uuid() },
    status: {
      availableUpdates: null,
      conditions: [
        { type: 'RetrievedUpdates', status: 'True', lastTransitionTime: isoSeconds(now) },
        { type: 'Available', status: 'True', lastTransitionTime: at, message: `Done applying ${version}` },
        { type: 'Failing', status: 'False', lastTransitionTime: at },
        {
          type: 'Progressing',
          status: 'False',
          lastTransitionTime: at,
          message: `Cluster version is ${version}`,
        },
      ],
      desired: {
        channels,
        image,
        url: `https://access.redhat.com/errata/RHSA-2024:${rng.int(7000, 9999)}`,
        version,
      },
      history: [
        {
          completionTime: at,
          image,
          startedTime: isoSeconds(created),
          state: 'Completed',
          verified: false,
          version,
        },
      ],
      observedGeneration: 2,
      versionHash: `${rng.string(11, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_')}=`,
    },
  };
}
