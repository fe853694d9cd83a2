/**
 * Controller status counts derived from pods, for generated workloads and again after churn changed
 * pods, so `kubectl get deploy` keeps agreeing with `kubectl get pods`. The sync half works on
 * whatever a ChurnTarget lists and never mutates the objects it was given.
 */
import type { KubeObject } from '../api/types';
import type { ChurnTarget } from './churn';
import { asRecord, isoSeconds } from './meta';
import { isPodReady } from './pod-status';

export interface RolloutCounts {
  replicas: number;
  ready: number;
}

export function countPods(pods: readonly KubeObject[]): RolloutCounts {
  return { replicas: pods.length, ready: pods.filter(isPodReady).length };
}

export function replicaSetStatus(counts: RolloutCounts, observedGeneration: number): Record<string, unknown> {
  const status: Record<string, unknown> = { replicas: counts.replicas };
  if (counts.replicas > 0) status.fullyLabeledReplicas = counts.replicas;
  if (counts.ready > 0) {
    status.readyReplicas = counts.ready;
    status.availableReplicas = counts.ready;
  }
  status.observedGeneration = observedGeneration;
  return status;
}

/**
 * Rewrites the replica counts and the Available condition of a Deployment status in place, as
 * the deployment controller would after its pods changed. The default RollingUpdate maxUnavailable
 * of 25% decides whether the deployment still has minimum availability.
 */
export function applyDeploymentCounts(
  status: Record<string, unknown>,
  desired: number,
  counts: RolloutCounts & { updated: number },
  now: Date,
): void {
  status.replicas = counts.replicas;
  status.updatedReplicas = counts.updated;
  if (counts.ready > 0) {
    status.readyReplicas = counts.ready;
    status.availableReplicas = counts.ready;
  } else {
    delete status.readyReplicas;
    delete status.availableReplicas;
  }
  const unavailable = counts.replicas - counts.ready;
  if (unavailable > 0) status.unavailableReplicas = unavailable;
  else delete status.unavailableReplicas;

  const available = counts.ready >= desired - Math.floor(desired * 0.25);
  const conditions = Array.isArray(status.conditions)
    ? (status.conditions as Array<Record<string, unknown>>)
    : [];
  const at = isoSeconds(now);
  let condition = conditions.find((c) => c.type === 'Available');
  if (condition === undefined) {
    condition = { type: 'Available', lastUpdateTime: at, lastTransitionTime: at };
    conditions.unshift(condition);
  }
  const wanted = available ? 'True' : 'False';
  if (condition.status !== wanted) {
    condition.status = wanted;
    condition.lastUpdateTime = at;
    condition.lastTransitionTime = at;
  }
  condition.reason = available ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable';
  condition.message = available
    ? 'Deployment has minimum availability.'
    : 'Deployment does not have minimum availability.';
  status.conditions = conditions;
}

const PLURALS: Readonly<Record<string, string>> = {
  ReplicaSet: 'replicasets',
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
};

function controllerRef(obj: KubeObject) {
  return obj.metadata.ownerReferences?.find((ref) => ref.controller === true);
}

function ownedBy(items: readonly KubeObject[], owner: KubeObject): KubeObject[] {
  return items.filter((item) => controllerRef(item)?.uid === owner.metadata.uid);
}

function findOwner(target: ChurnTarget, obj: KubeObject): KubeObject | undefined {
  const ref = controllerRef(obj);
  const plural = ref === undefined ? undefined : PLURALS[ref.kind];
  if (ref === undefined || plural === undefined) return undefined;
  return target
    .list(plural)
    .find((o) => o.metadata.uid === ref.uid && o.metadata.namespace === obj.metadata.namespace);
}

function writeStatus(
  target: ChurnTarget,
  plural: string,
  obj: KubeObject,
  status: Record<string, unknown>,
): boolean {
  if (JSON.stringify(status) === JSON.stringify(obj.status)) return false;
  target.update(plural, { ...structuredClone(obj), status });
  return true;
}

/** Returns how many owner objects were rewritten. */
export function syncOwnerStatus(target: ChurnTarget, pod: KubeObject, now: Date): number {
  const owner = findOwner(target, pod);
  if (owner === undefined) return 0;
  const pods = ownedBy(target.list('pods'), owner);
  const counts = countPods(pods);
  const status = structuredClone(asRecord(owner.status) ?? {});
  const generation = owner.metadata.generation ?? 1;

  switch (owner.kind) {
    case 'ReplicaSet': {
      let written = writeStatus(target, 'replicasets', owner, replicaSetStatus(counts, generation)) ? 1 : 0;
      const deployment = findOwner(target, owner);
      if (deployment !== undefined) written += syncDeployment(target, deployment, now);
      return written;
    }
    case 'StatefulSet':
      status.replicas = counts.replicas;
      status.readyReplicas = counts.ready;
      status.availableReplicas = counts.ready;
      return writeStatus(target, 'statefulsets', owner, status) ? 1 : 0;
    case 'DaemonSet': {
      const desired =
        typeof status.desiredNumberScheduled === 'number' ? status.desiredNumberScheduled : counts.replicas;
      status.currentNumberScheduled = counts.replicas;
      status.numberReady = counts.ready;
      status.numberAvailable = counts.ready;
      if (desired > counts.ready) status.numberUnavailable = desired - counts.ready;
      else delete status.numberUnavailable;
      return writeStatus(target, 'daemonsets', owner, status) ? 1 : 0;
    }
    default:
      return 0;
  }
}

function syncDeployment(target: ChurnTarget, deployment: KubeObject, now: Date): number {
  const replicaSets = ownedBy(target.list('replicasets'), deployment).sort((a, b) =>
    a.metadata.creationTimestamp.localeCompare(b.metadata.creationTimestamp),
  );
  const allPods = target.list('pods');
  const pods = replicaSets.flatMap((rs) => ownedBy(allPods, rs));
  const newest = replicaSets[replicaSets.length - 1];
  const updated = newest === undefined ? 0 : ownedBy(allPods, newest).length;
  const replicas = asRecord(deployment.spec)?.replicas;
  const status = structuredClone(asRecord(deployment.status) ?? {});
  applyDeploymentCounts(
    status,
    typeof replicas === 'number' ? replicas : 1,
    { ...countPods(pods), updated },
    now,
  );
  return writeStatus(target, 'deployments', deployment, status) ? 1 : 0;
}
