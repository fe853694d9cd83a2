/** Pod specs, and whole pods, shaped like the scheduler and kubelet leave them. */
import type { KubeObject } from '../api/types';
import { objectMeta, secondsAfter } from './meta';
import { podStatus } from './pod-status';
import type { SeededRandom } from './random';

export type PodState = 'running' | 'pending' | 'crashloop' | 'succeeded';

export interface ContainerInput {
  name: string;
  image: string;
  port?: { containerPort: number; name: string; protocol?: 'TCP' | 'UDP' };
  extraPorts?: ReadonlyArray<{ containerPort: number; name: string; protocol: 'TCP' | 'UDP' }>;
  cpu?: readonly [request: string, limit: string];
  memory?: readonly [request: string, limit: string];
  command?: readonly string[];
  args?: readonly string[];
}

export interface PodSpecInput {
  containers: readonly ContainerInput[];
  serviceAccountName: string;
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  hostNetwork?: boolean;
  priorityClassName?: string;
  /** DaemonSet pods tolerate everything; others get the default not-ready/unreachable tolerations. */
  tolerateAll?: boolean;
  nodeSelector?: Record<string, string>;
}

export function containerSpec(input: ContainerInput): Record<string, unknown> {
  const container: Record<string, unknown> = {
    name: input.name,
    image: input.image,
    imagePullPolicy: 'IfNotPresent',
  };
  if (input.command !== undefined) container.command = [...input.command];
  if (input.args !== undefined) container.args = [...input.args];
  const ports = [
    ...(input.port !== undefined ? [{ ...input.port, protocol: input.port.protocol ?? 'TCP' }] : []),
    ...(input.extraPorts ?? []),
  ];
  if (ports.length > 0) container.ports = ports;
  const resources: Record<string, Record<string, string>> = {};
  if (input.cpu !== undefined || input.memory !== undefined) {
    resources.requests = {};
    resources.limits = {};
    if (input.cpu !== undefined) {
      resources.requests.cpu = input.cpu[0];
      resources.limits.cpu = input.cpu[1];
    }
    if (input.memory !== undefined) {
      resources.requests.memory = input.memory[0];
      resources.limits.memory = input.memory[1];
    }
  }
  container.resources = resources;
  container.terminationMessagePath = '/dev/termination-log';
  container.terminationMessagePolicy = 'File';
  return container;
}

const DEFAULT_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

/** The pod spec as a controller's template carries it (no nodeName yet). */
export function podSpec(input: PodSpecInput): Record<string, unknown> {
  const spec: Record<string, unknown> = {
    containers: input.containers.map(containerSpec),
    dnsPolicy: input.hostNetwork === true ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
    enableServiceLinks: true,
    restartPolicy: input.restartPolicy ?? 'Always',
    schedulerName: 'default-scheduler',
    securityContext: {},
    serviceAccount: input.serviceAccountName,
    serviceAccountName: input.serviceAccountName,
    terminationGracePeriodSeconds: 30,
  };
  if (input.hostNetwork === true) spec.hostNetwork = true;
  if (input.priorityClassName !== undefined) spec.priorityClassName = input.priorityClassName;
  if (input.nodeSelector !== undefined) spec.nodeSelector = { ...input.nodeSelector };
  if (input.tolerateAll === true) spec.tolerations = [{ operator: 'Exists' }];
  return spec;
}

/** The admission-time additions a pod gets on top of its template spec. */
export function scheduledPodSpec(
  templateSpec: Record<string, unknown>,
  nodeName: string,
  priority = 0,
): Record<string, unknown> {
  const spec: Record<string, unknown> = structuredClone(templateSpec);
  spec.nodeName = nodeName;
  spec.preemptionPolicy = 'PreemptLowerPriority';
  spec.priority = priority;
  if (spec.tolerations === undefined) spec.tolerations = structuredClone(DEFAULT_TOLERATIONS);
  return spec;
}

export function qosClass(containers: readonly ContainerInput[]): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  if (containers.every((c) => c.cpu === undefined && c.memory === undefined)) return 'BestEffort';
  const guaranteed = containers.every(
    (c) =>
      c.cpu !== undefined && c.memory !== undefined && c.cpu[0] === c.cpu[1] && c.memory[0] === c.memory[1],
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export interface PodInput {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  owner?: KubeObject;
  generateName?: string;
  templateSpec: Record<string, unknown>;
  containers: readonly ContainerInput[];
  nodeName: string;
  hostIP: string;
  podIP: string;
  state: PodState;
  created: Date;
  restartCount?: number;
  priority?: number;
}

export function buildPod(rng: SeededRandom, now: Date, input: PodInput): KubeObject {
  const metadata = objectMeta(rng, {
    name: input.name,
    namespace: input.namespace,
    created: input.created,
    labels: input.labels,
    ...(input.annotations !== undefined ? { annotations: input.annotations } : {}),
    ...(input.owner !== undefined ? { owner: input.owner } : {}),
    ...(input.generateName !== undefined ? { generateName: input.generateName } : {}),
  });
  const scheduledAt = secondsAfter(input.created, 1);
  const status = podStatus(rng, {
    state: input.state,
    containers: input.containers,
    pod: { name: input.name, namespace: input.namespace, uid: metadata.uid },
    scheduledAt,
    startedAt: secondsAfter(scheduledAt, rng.int(2, 25)),
    now,
    hostIP: input.hostIP,
    ...(input.state === 'pending' ? {} : { podIP: input.podIP }),
    restartCount: input.restartCount ?? 0,
    qosClass: qosClass(input.containers),
  });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec: scheduledPodSpec(input.templateSpec, input.nodeName, input.priority ?? 0),
    status,
  };
}
