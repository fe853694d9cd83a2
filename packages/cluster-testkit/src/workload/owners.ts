/** Deployments with their ReplicaSets, StatefulSets and DaemonSets, each with the pods it owns. */
import type { KubeObject } from '../api/types';
import { olderImage } from './catalog';
import {
  between,
  isoSeconds,
  objectMeta,
  podSuffix,
  secondsAfter,
  secondsBefore,
  templateHash,
} from './meta';
import type { NodeInfo } from './nodes';
import type { PodPlacer } from './placement';
import { applyDeploymentCounts, countPods, replicaSetStatus } from './owner-status';
import { buildPod, podSpec, type PodSpecInput, type PodState } from './pods';
import type { SeededRandom } from './random';

export interface PodPlan {
  state: PodState;
  restartCount: number;
  /** rollout: started with its ReplicaSet; recent: replaced within the hour; fresh: minutes old. */
  age: 'rollout' | 'recent' | 'fresh';
}

export interface WorkloadInput {
  name: string;
  namespace: string;
  /** Labels on the pod template (and on the controller object itself). */
  labels: Record<string, string>;
  selector: Record<string, string>;
  pod: PodSpecInput;
  created: Date;
  priority?: number;
}

export interface DeploymentInput extends WorkloadInput {
  revision: number;
  pods: readonly PodPlan[];
}

export interface OwnedPods {
  owner: KubeObject;
  replicaSets: KubeObject[];
  pods: KubeObject[];
}

interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: Record<string, unknown>;
}

function template(labels: Record<string, string>, spec: PodSpecInput): PodTemplate {
  return { metadata: { labels: { ...labels } }, spec: podSpec(spec) };
}

function withOlderImage(spec: PodSpecInput, stepsBack: number): PodSpecInput {
  return {
    ...spec,
    containers: spec.containers.map((c, i) =>
      i === 0 ? { ...c, image: olderImage(c.image, stepsBack) } : c,
    ),
  };
}

function podCreated(rng: SeededRandom, plan: PodPlan, rolloutAt: Date, now: Date): Date {
  if (plan.age === 'fresh') return secondsBefore(now, rng.int(5, 110));
  if (plan.age === 'recent') return secondsBefore(now, rng.int(300, 2400));
  // Most pods date from their rollout; some were replaced since (node reboots, evictions).
  if (rng.chance(0.2)) return between(rng, rolloutAt, secondsBefore(now, 7200));
  return secondsAfter(rolloutAt, rng.int(1, 45));
}

export function buildDeployment(
  rng: SeededRandom,
  now: Date,
  placer: PodPlacer,
  input: DeploymentInput,
): OwnedPods {
  const replicas = input.pods.length;
  const generation = input.revision + rng.int(0, 2);
  const deployment: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: objectMeta(rng, {
      name: input.name,
      namespace: input.namespace,
      created: input.created,
      generation,
      labels: input.labels,
      annotations: { 'deployment.kubernetes.io/revision': String(input.revision) },
    }),
    spec: {
      replicas,
      selector: { matchLabels: { ...input.selector } },
      template: template(input.labels, input.pod),
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
  };

  const replicaSets: KubeObject[] = [];
  const pods: KubeObject[] = [];
  let rolloutAt = input.created;
  for (let revision = 1; revision <= input.revision; revision++) {
    // Strictly increasing, so the newest ReplicaSet is always the current one.
    if (revision > 1) rolloutAt = between(rng, secondsAfter(rolloutAt, 3600), secondsBefore(now, 86_400));
    const current = revision === input.revision;
    const hash = templateHash(rng);
    const rsName = `${input.name}-${hash}`;
    const podLabels = { ...input.labels, 'pod-template-hash': hash };
    const spec = current ? input.pod : withOlderImage(input.pod, input.revision - revision);
    const rsGeneration = current ? 1 : 2;
    const rsTemplate = template(podLabels, spec);
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: objectMeta(rng, {
        name: rsName,
        namespace: input.namespace,
        created: rolloutAt,
        generation: rsGeneration,
        labels: podLabels,
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(replicas),
          'deployment.kubernetes.io/max-replicas': String(replicas + Math.ceil(replicas * 0.25)),
          'deployment.kubernetes.io/revision': String(revision),
        },
        owner: deployment,
      }),
      spec: {
        replicas: current ? replicas : 0,
        selector: { matchLabels: { ...input.selector, 'pod-template-hash': hash } },
        template: rsTemplate,
      },
    };
    const rsPods = current
      ? input.pods.map((plan) =>
          buildPod(rng, now, {
            name: `${rsName}-${podSuffix(rng)}`,
            namespace: input.namespace,
            generateName: `${rsName}-`,
            labels: podLabels,
            owner: rs,
            templateSpec: rsTemplate.spec,
            containers: spec.containers,
            ...placer.next(),
            state: plan.state,
            restartCount: plan.restartCount,
            created: podCreated(rng, plan, rolloutAt, now),
            ...(input.priority !== undefined ? { priority: input.priority } : {}),
          }),
        )
      : [];
    rs.status = replicaSetStatus(countPods(rsPods), rsGeneration);
    replicaSets.push(rs);
    pods.push(...rsPods);
  }

  const progressedAt = secondsAfter(rolloutAt, rng.int(5, 90));
  const status: Record<string, unknown> = {
    observedGeneration: generation,
    conditions: [
      {
        type: 'Available',
        status: 'True',
        lastUpdateTime: isoSeconds(progressedAt),
        lastTransitionTime: isoSeconds(progressedAt),
      },
      {
        type: 'Progressing',
        status: 'True',
        lastUpdateTime: isoSeconds(progressedAt),
        lastTransitionTime: isoSeconds(secondsAfter(input.created, 1)),
        reason: 'NewReplicaSetAvailable',
        message: `ReplicaSet "${replicaSets[replicaSets.length - 1]?.metadata.name ?? input.name}" has successfully progressed.`,
      },
    ],
  };
  applyDeploymentCounts(status, replicas, { ...countPods(pods), updated: pods.length }, progressedAt);
  deployment.status = status;
  return { owner: deployment, replicaSets, pods };
}

export interface StatefulSetInput extends WorkloadInput {
  replicas: number;
  serviceName: string;
}

export function buildStatefulSet(
  rng: SeededRandom,
  now: Date,
  placer: PodPlacer,
  input: StatefulSetInput,
): OwnedPods {
  const revision = `${input.name}-${templateHash(rng)}`;
  const sts: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: objectMeta(rng, {
      name: input.name,
      namespace: input.namespace,
      created: input.created,
      generation: 1,
      labels: input.labels,
    }),
    spec: {
      replicas: input.replicas,
      selector: { matchLabels: { ...input.selector } },
      serviceName: input.serviceName,
      template: template(input.labels, input.pod),
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    },
  };
  const pods: KubeObject[] = [];
  let created = secondsAfter(input.created, 1);
  for (let i = 0; i < input.replicas; i++) {
    const name = `${input.name}-${i}`;
    const spec = podSpec(input.pod);
    spec.hostname = name;
    spec.subdomain = input.serviceName;
    pods.push(
      buildPod(rng, now, {
        name,
        namespace: input.namespace,
        generateName: `${input.name}-`,
        labels: {
          ...input.labels,
          'apps.kubernetes.io/pod-index': String(i),
          'controller-revision-hash': revision,
          'statefulset.kubernetes.io/pod-name': name,
        },
        owner: sts,
        templateSpec: spec,
        containers: input.pod.containers,
        ...placer.next(),
        state: 'running',
        created,
      }),
    );
    // OrderedReady: each ordinal starts only once the previous one is ready.
    created = secondsAfter(created, rng.int(20, 90));
  }
  const { ready } = countPods(pods);
  sts.status = {
    observedGeneration: 1,
    replicas: pods.length,
    readyReplicas: ready,
    currentReplicas: pods.length,
    updatedReplicas: pods.length,
    availableReplicas: ready,
    currentRevision: revision,
    updateRevision: revision,
    collisionCount: 0,
  };
  return { owner: sts, replicaSets: [], pods };
}

export interface DaemonSetInput extends WorkloadInput {
  nodes: readonly NodeInfo[];
  /** How many nodes already run a pod; fewer than nodes.length models a rollout in progress. */
  podCount: number;
}

export function buildDaemonSet(
  rng: SeededRandom,
  now: Date,
  placer: PodPlacer,
  input: DaemonSetInput,
): OwnedPods {
  const revision = templateHash(rng);
  const ds: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: objectMeta(rng, {
      name: input.name,
      namespace: input.namespace,
      created: input.created,
      generation: 1,
      labels: input.labels,
    }),
    spec: {
      selector: { matchLabels: { ...input.selector } },
      template: template(input.labels, input.pod),
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    },
  };
  const pods = input.nodes.slice(0, input.podCount).map((node) => {
    const spec = podSpec(input.pod);
    spec.affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchFields: [{ key: 'metadata.name', operator: 'In', values: [node.name] }] },
          ],
        },
      },
    };
    const nodeCreated = new Date(node.object.metadata.creationTimestamp);
    return buildPod(rng, now, {
      name: `${input.name}-${podSuffix(rng)}`,
      namespace: input.namespace,
      generateName: `${input.name}-`,
      labels: { ...input.labels, 'controller-revision-hash': revision, 'pod-template-generation': '1' },
      owner: ds,
      templateSpec: spec,
      containers: input.pod.containers,
      ...(input.pod.hostNetwork === true ? placer.hostNetwork(node) : placer.on(node)),
      state: 'running',
      created: secondsAfter(nodeCreated > input.created ? nodeCreated : input.created, rng.int(5, 30)),
      ...(input.priority !== undefined ? { priority: input.priority } : {}),
    });
  });
  const { ready } = countPods(pods);
  const desired = input.nodes.length;
  const status: Record<string, unknown> = {
    currentNumberScheduled: pods.length,
    desiredNumberScheduled: desired,
    numberAvailable: ready,
    numberMisscheduled: 0,
    numberReady: ready,
    observedGeneration: 1,
    updatedNumberScheduled: pods.length,
  };
  if (desired - ready > 0) status.numberUnavailable = desired - ready;
  ds.status = status;
  return { owner: ds, replicaSets: [], pods };
}
