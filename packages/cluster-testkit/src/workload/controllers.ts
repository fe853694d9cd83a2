import { randomUUID } from 'node:crypto';
import { groupResource, type ResourceType } from '../api/resources';
import type { TypeRegistry } from '../api/type-registry';
import type { KubeObject, OwnerReference } from '../api/types';
import type { ObjectStore } from '../store/object-store';
import { ownerReference } from './meta';

/** Reacts to writes the way kube-controller-manager would, after the write has been answered. */
export interface Controllers {
  onWritten(type: ResourceType, object: KubeObject): void;
  onDeleted(type: ResourceType, object: KubeObject): void;
  stop(): void;
}

interface Container {
  name: string;
  image?: string;
}

interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: { containers?: Container[]; [field: string]: unknown };
}

const SUFFIX = 'bcdfghjklmnpqrstvwxz2456789';
const suffix = () =>
  Array.from({ length: 5 }, () => SUFFIX[Math.floor(Math.random() * SUFFIX.length)]).join('');
const timestamp = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const controllerOf = (object: KubeObject) => object.metadata.ownerReferences?.find((ref) => ref.controller);

/**
 * A small replica controller: keeps ReplicaSets at their replica count, follows Deployment scaling,
 * recreates StatefulSet and DaemonSet pods under the same name, and keeps owner status counts true.
 * Work runs on a timer, never inside a store notification, so watchers see events in commit order.
 */
export class WorkloadControllers implements Controllers {
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly store: ObjectStore,
    private readonly registry: TypeRegistry,
    private readonly delayMs = 20,
  ) {}

  private type(group: string, plural: string): ResourceType {
    return this.registry.lookup(group, 'v1', plural) as ResourceType;
  }

  private schedule(key: string, work: () => void): void {
    if (this.stopped || this.pending.has(key)) return;
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        if (!this.stopped) work();
      }, this.delayMs),
    );
  }

  onWritten(type: ResourceType, object: KubeObject): void {
    const { namespace, name } = object.metadata;
    if (groupResource(type) === 'deployments.apps') {
      this.schedule(`deploy/${namespace}/${name}`, () => this.reconcileDeployment(namespace, name));
    } else if (groupResource(type) === 'replicasets.apps') {
      this.schedule(`rs/${namespace}/${name}`, () => this.reconcileReplicaSet(namespace, name));
    }
  }

  onDeleted(type: ResourceType, object: KubeObject): void {
    if (groupResource(type) !== 'pods') return;
    const owner = controllerOf(object);
    if (!owner) return;
    const { namespace } = object.metadata;
    if (owner.kind === 'ReplicaSet') {
      this.schedule(`rs/${namespace}/${owner.name}`, () => this.reconcileReplicaSet(namespace, owner.name));
    } else if (owner.kind === 'StatefulSet' || owner.kind === 'DaemonSet') {
      this.schedule(`pod/${namespace}/${object.metadata.name}`, () => this.recreate(object, owner));
    }
  }

  /** Resumes work after stop(), e.g. when a stopped cluster is restarted. */
  start(): void {
    this.stopped = false;
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  private reconcileDeployment(namespace: string | undefined, name: string): void {
    const deployment = this.store.get(this.type('apps', 'deployments'), namespace, name);
    if (!deployment) return;
    const replicas = (deployment['spec'] as { replicas?: number } | undefined)?.replicas ?? 1;
    const current = this.ownedBy(this.type('apps', 'replicasets'), deployment).sort((a, b) =>
      a.metadata.creationTimestamp < b.metadata.creationTimestamp ? 1 : -1,
    )[0];
    if (!current) return;
    const spec = (current['spec'] ?? {}) as { replicas?: number };
    if (spec.replicas !== replicas) {
      this.store.update(this.type('apps', 'replicasets'), { ...current, spec: { ...spec, replicas } });
    }
    this.reconcileReplicaSet(namespace, current.metadata.name);
  }

  private reconcileReplicaSet(namespace: string | undefined, name: string): void {
    const rsType = this.type('apps', 'replicasets');
    const podType = this.type('', 'pods');
    const rs = this.store.get(rsType, namespace, name);
    if (!rs) return;
    const spec = (rs['spec'] ?? {}) as { replicas?: number; template?: PodTemplate };
    const desired = spec.replicas ?? 1;
    const pods = this.ownedBy(podType, rs);
    for (let i = pods.length; i < desired; i++) {
      this.store.create(podType, this.podFromTemplate(rs, spec.template ?? {}, `${name}-${suffix()}`));
    }
    const surplus = pods
      .sort((a, b) => (a.metadata.creationTimestamp < b.metadata.creationTimestamp ? 1 : -1))
      .slice(0, Math.max(0, pods.length - desired));
    for (const pod of surplus) this.store.delete(podType, pod.metadata.namespace, pod.metadata.name);

    const now = this.ownedBy(podType, rs);
    const ready = now.filter(
      (p) => (p['status'] as { phase?: string } | undefined)?.phase === 'Running',
    ).length;
    const latest = this.store.get(rsType, namespace, name) as KubeObject;
    this.store.update(rsType, {
      ...latest,
      status: {
        replicas: now.length,
        fullyLabeledReplicas: now.length,
        readyReplicas: ready,
        availableReplicas: ready,
        observedGeneration: latest.metadata.generation ?? 1,
      },
    });
    const owner = controllerOf(rs);
    if (owner?.kind === 'Deployment') this.updateDeploymentStatus(namespace, owner.name);
  }

  private updateDeploymentStatus(namespace: string | undefined, name: string): void {
    const deployType = this.type('apps', 'deployments');
    const deployment = this.store.get(deployType, namespace, name);
    if (!deployment) return;
    const pods = this.ownedBy(this.type('apps', 'replicasets'), deployment).flatMap((rs) =>
      this.ownedBy(this.type('', 'pods'), rs),
    );
    const ready = pods.filter(
      (p) => (p['status'] as { phase?: string } | undefined)?.phase === 'Running',
    ).length;
    const replicas = (deployment['spec'] as { replicas?: number } | undefined)?.replicas ?? 1;
    const previous = (deployment['status'] ?? {}) as Record<string, unknown>;
    this.store.update(deployType, {
      ...deployment,
      status: {
        ...previous,
        observedGeneration: deployment.metadata.generation ?? 1,
        replicas: pods.length,
        updatedReplicas: pods.length,
        readyReplicas: ready,
        availableReplicas: ready,
        ...(ready < replicas ? { unavailableReplicas: replicas - ready } : {}),
      },
    });
  }

  private recreate(pod: KubeObject, owner: OwnerReference): void {
    const podType = this.type('', 'pods');
    const ownerType = this.type('apps', owner.kind === 'StatefulSet' ? 'statefulsets' : 'daemonsets');
    const ownerObject = this.store.get(ownerType, pod.metadata.namespace, owner.name);
    if (!ownerObject || ownerObject.metadata.uid !== owner.uid) return;
    if (this.store.get(podType, pod.metadata.namespace, pod.metadata.name)) return;
    const template = ((ownerObject['spec'] ?? {}) as { template?: PodTemplate }).template ?? {};
    const fresh = this.podFromTemplate(ownerObject, template, pod.metadata.name);
    // DaemonSet pods belong to their node; StatefulSet pods are rescheduled.
    if (owner.kind === 'DaemonSet')
      (fresh['spec'] as Record<string, unknown>)['nodeName'] = (
        pod['spec'] as { nodeName?: string }
      ).nodeName;
    this.store.create(podType, fresh);
  }

  private ownedBy(type: ResourceType, owner: KubeObject): KubeObject[] {
    return this.store
      .list(type, owner.metadata.namespace)
      .items.filter((item) => item.metadata.ownerReferences?.some((ref) => ref.uid === owner.metadata.uid));
  }

  /** Least-loaded schedulable node, or none (the pod then stays Pending, as when a fleet is drained). */
  private pickNode(): string | undefined {
    const nodes = this.store
      .list(this.type('', 'nodes'))
      .items.filter((node) => !(node['spec'] as { unschedulable?: boolean } | undefined)?.unschedulable);
    if (nodes.length === 0) return undefined;
    const load = new Map<string, number>(nodes.map((n) => [n.metadata.name, 0]));
    for (const pod of this.store.list(this.type('', 'pods')).items) {
      const node = (pod['spec'] as { nodeName?: string } | undefined)?.nodeName;
      if (node && load.has(node)) load.set(node, (load.get(node) ?? 0) + 1);
    }
    return [...load.entries()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  }

  private podFromTemplate(owner: KubeObject, template: PodTemplate, name: string): KubeObject {
    const node = this.pickNode();
    const started = timestamp();
    const containers = template.spec?.containers ?? [];
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: owner.metadata.namespace as string,
        uid: randomUUID(),
        resourceVersion: '',
        creationTimestamp: started,
        labels: { ...(template.metadata?.labels ?? {}) },
        ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ownerReferences: [ownerReference(owner)],
      },
      spec: { ...structuredClone(template.spec ?? {}), ...(node ? { nodeName: node } : {}) },
      status: node
        ? {
            phase: 'Running',
            conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
              type,
              status: 'True',
              lastProbeTime: null,
              lastTransitionTime: started,
            })),
            hostIP: '10.0.0.10',
            podIP: `10.244.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`,
            startTime: started,
            qosClass: 'Burstable',
            containerStatuses: containers.map((c) => ({
              name: c.name,
              image: c.image ?? '',
              imageID: '',
              containerID: `containerd://${randomUUID().replace(/-/g, '')}`,
              ready: true,
              started: true,
              restartCount: 0,
              state: { running: { startedAt: started } },
            })),
          }
        : {
            phase: 'Pending',
            conditions: [
              {
                type: 'PodScheduled',
                status: 'False',
                reason: 'Unschedulable',
                message: '0/0 nodes are available: no schedulable nodes.',
                lastProbeTime: null,
                lastTransitionTime: started,
              },
            ],
            qosClass: 'Burstable',
          },
    };
  }
}
