/**
 * Light, realistic background change for a simulated cluster: pods finishing start-up, containers
 * restarting (sometimes into CrashLoopBackOff), pods replaced by their ReplicaSet, new Events.
 * It only talks to a ChurnTarget, so it runs against any store and against plain test doubles.
 */
import type { KubeObject } from '../api/types';
import { podEvent, type PodEventReason } from './events';
import { asArray, asRecord, isoSeconds, NAME_ALPHABET, podSuffix } from './meta';
import { syncOwnerStatus } from './owner-status';
import {
  isCrashLooping,
  podContainers,
  podPhase,
  podRestartInfo,
  podStatus,
  type ContainerRef,
} from './pod-status';
import type { PodState } from './pods';
import { SeededRandom } from './random';

/** What the churn generator needs from a store. Plurals are resource plurals: 'pods', 'events', … */
export interface ChurnTarget {
  list(plural: string): KubeObject[];
  update(plural: string, obj: KubeObject): void;
  create(plural: string, obj: KubeObject): void;
  remove(plural: string, namespace: string | undefined, name: string): void;
}

/** Injectable so tests can drive the generator with fake timers. */
export interface ChurnTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export type ChurnKind = 'podPhase' | 'containerRestart' | 'podReplace' | 'event';

export interface ChurnOptions {
  target: ChurnTarget;
  eventsPerSecond: number;
  seed?: number | string;
  timers?: ChurnTimers;
  now?: () => Date;
  /** Tick period; each tick spends the rate budget accumulated since the last one. Default 100. */
  tickMs?: number;
  /** Churn-created Events beyond this many are deleted oldest first, as the API server's TTL would. Default 500. */
  maxEvents?: number;
  /** Keep ReplicaSet/Deployment/StatefulSet/DaemonSet status counts in step with pod changes. Default true. */
  syncOwners?: boolean;
}

export interface ChurnCounters {
  podPhase: number;
  containerRestart: number;
  podReplace: number;
  event: number;
  /** Sum of the four kinds above. */
  total: number;
  /** Changes that found nothing to act on (e.g. an empty cluster). */
  skipped: number;
  /** Owner status objects rewritten to match changed pods. */
  ownerUpdates: number;
  /** Timer ticks whose changes threw; the error is kept in `lastError`. */
  errors: number;
}

/** Relative frequency of each kind of change; a kind with nothing to act on falls through to the next. */
const WEIGHTS: ReadonlyArray<readonly [ChurnKind, number]> = [
  ['event', 35],
  ['podReplace', 25],
  ['containerRestart', 20],
  ['podPhase', 20],
];

const byKey = (a: KubeObject, b: KubeObject) =>
  `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(
    `${b.metadata.namespace ?? ''}/${b.metadata.name}`,
  );

/** Applies light background change to one store on a timer (see the file comment). */
export class ChurnGenerator {
  private readonly target: ChurnTarget;
  private readonly rng: SeededRandom;
  private readonly timers: ChurnTimers | undefined;
  private readonly clock: () => Date;
  private readonly tickMs: number;
  private readonly maxEvents: number;
  private readonly syncOwners: boolean;
  private readonly rate: number;
  private readonly counts: ChurnCounters = {
    podPhase: 0,
    containerRestart: 0,
    podReplace: 0,
    event: 0,
    total: 0,
    skipped: 0,
    ownerUpdates: 0,
    errors: 0,
  };
  private readonly createdEvents: Array<{ namespace: string | undefined; name: string }> = [];
  private handle: unknown;
  private activeTimers: ChurnTimers | undefined;
  private active = false;
  private budget = 0;
  private error: unknown;

  constructor(options: ChurnOptions) {
    if (!Number.isFinite(options.eventsPerSecond) || options.eventsPerSecond < 0) {
      throw new RangeError(
        `ChurnGenerator: eventsPerSecond must be a finite number >= 0, got ${options.eventsPerSecond}`,
      );
    }
    const tickMs = options.tickMs ?? 100;
    if (!(tickMs > 0)) throw new RangeError(`ChurnGenerator: tickMs must be > 0, got ${tickMs}`);
    this.target = options.target;
    this.rate = options.eventsPerSecond;
    this.rng = new SeededRandom(options.seed ?? 'churn');
    this.timers = options.timers;
    this.clock = options.now ?? (() => new Date());
    this.tickMs = tickMs;
    this.maxEvents = options.maxEvents ?? 500;
    this.syncOwners = options.syncOwners ?? true;
  }

  get counters(): Readonly<ChurnCounters> {
    return { ...this.counts };
  }

  get running(): boolean {
    return this.active;
  }

  get lastError(): unknown {
    return this.error;
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    // Resolved now rather than in the constructor so vi.useFakeTimers() applies to generators made earlier.
    const timers = this.timers ?? {
      setInterval: globalThis.setInterval,
      clearInterval: globalThis.clearInterval,
    };
    this.activeTimers = timers;
    this.handle = timers.setInterval(() => this.tick(), this.tickMs);
  }

  stop(): void {
    if (!this.active) return;
    this.active = false;
    this.activeTimers?.clearInterval(this.handle);
    this.activeTimers = undefined;
    this.handle = undefined;
  }

  /** Applies n changes synchronously; returns how many found something to change. */
  step(n = 1): number {
    let applied = 0;
    for (let i = 0; i < n; i++) if (this.applyOne()) applied++;
    return applied;
  }

  private tick(): void {
    // Fractional carry: 3/s at 100 ms ticks gives 0.3 per tick and exactly 3 changes per second.
    this.budget += (this.rate * this.tickMs) / 1000;
    const n = Math.floor(this.budget + 1e-9);
    this.budget = Math.max(0, this.budget - n);
    if (n === 0) return;
    try {
      this.step(n);
    } catch (error) {
      // A throwing timer callback would take the whole process down; record it instead.
      this.counts.errors++;
      this.error = error;
    }
  }

  private applyOne(): boolean {
    const totalWeight = WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
    let roll = this.rng.next() * totalWeight;
    let first = 0;
    while (first < WEIGHTS.length - 1 && roll >= (WEIGHTS[first] as readonly [ChurnKind, number])[1]) {
      roll -= (WEIGHTS[first] as readonly [ChurnKind, number])[1];
      first++;
    }
    const pods = this.target.list('pods').slice().sort(byKey);
    for (let k = 0; k < WEIGHTS.length; k++) {
      const kind = (WEIGHTS[(first + k) % WEIGHTS.length] as readonly [ChurnKind, number])[0];
      if (this.apply(kind, pods)) {
        this.counts[kind]++;
        this.counts.total++;
        return true;
      }
    }
    this.counts.skipped++;
    return false;
  }

  private apply(kind: ChurnKind, pods: readonly KubeObject[]): boolean {
    switch (kind) {
      case 'podPhase':
        return this.startPendingPod(pods);
      case 'containerRestart':
        return this.restartContainer(pods);
      case 'podReplace':
        return this.replacePod(pods);
      case 'event':
        return this.emitEvent(pods);
    }
  }

  private afterPodChange(pod: KubeObject): void {
    if (this.syncOwners) this.counts.ownerUpdates += syncOwnerStatus(this.target, pod, this.clock());
  }

  private rebuildStatus(
    pod: KubeObject,
    state: PodState,
    restartCount: number,
    podIP?: string,
  ): Record<string, unknown> {
    const now = this.clock();
    const old = asRecord(pod.status) ?? {};
    const startTime =
      typeof old.startTime === 'string' ? new Date(old.startTime) : new Date(pod.metadata.creationTimestamp);
    const hostIP = typeof old.hostIP === 'string' ? old.hostIP : this.nodeAddress(nodeNameOf(pod));
    const ip = podIP ?? (typeof old.podIP === 'string' ? old.podIP : undefined);
    return podStatus(this.rng, {
      state,
      containers: podContainers(pod),
      pod: { name: pod.metadata.name, namespace: pod.metadata.namespace ?? 'default', uid: pod.metadata.uid },
      scheduledAt: startTime,
      startedAt: now,
      now,
      hostIP,
      ...(ip !== undefined && state !== 'pending' ? { podIP: ip } : {}),
      restartCount,
      qosClass: typeof old.qosClass === 'string' ? old.qosClass : 'Burstable',
    });
  }

  /** Pending → Running, the kubelet finishing container start-up. */
  private startPendingPod(pods: readonly KubeObject[]): boolean {
    const candidates = pods.filter(
      (p) => podPhase(p) === 'Pending' && nodeNameOf(p) !== '' && podContainers(p).length > 0,
    );
    if (candidates.length === 0) return false;
    const pod = this.rng.pick(candidates);
    const podIP = this.allocatePodIP(pods, nodeNameOf(pod));
    this.target.update('pods', {
      ...structuredClone(pod),
      status: this.rebuildStatus(pod, 'running', 0, podIP),
    });
    this.afterPodChange(pod);
    return true;
  }

  /** A container exits and is restarted; after several restarts the kubelet backs off. */
  private restartContainer(pods: readonly KubeObject[]): boolean {
    const candidates = pods.filter((p) => podPhase(p) === 'Running' && podContainers(p).length > 0);
    if (candidates.length === 0) return false;
    const pod = this.rng.pick(candidates);
    const restarts = podRestartInfo(pod).restartCount + 1;
    // Crash loops mostly persist but sometimes recover, so they neither vanish nor pile up.
    const crash = isCrashLooping(pod)
      ? !this.rng.chance(0.3)
      : restarts > 5
        ? this.rng.chance(0.5)
        : this.rng.chance(0.1);
    this.target.update('pods', {
      ...structuredClone(pod),
      status: this.rebuildStatus(pod, crash ? 'crashloop' : 'running', restarts),
    });
    this.afterPodChange(pod);
    return true;
  }

  /** A ReplicaSet pod is deleted and the ReplicaSet's replacement appears, not yet started. */
  private replacePod(pods: readonly KubeObject[]): boolean {
    const candidates = pods.filter((p) => controllerOf(p)?.kind === 'ReplicaSet');
    if (candidates.length === 0) return false;
    const old = this.rng.pick(candidates);
    const owner = controllerOf(old);
    if (owner === undefined) return false;
    const namespace = old.metadata.namespace;
    const taken = new Set(pods.filter((p) => p.metadata.namespace === namespace).map((p) => p.metadata.name));
    let name = `${owner.name}-${podSuffix(this.rng)}`;
    while (taken.has(name)) name = `${owner.name}-${this.rng.string(5, NAME_ALPHABET)}`;
    const nodeName = this.pickNode() ?? nodeNameOf(old);
    const now = this.clock();

    const replacement: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        generateName: `${owner.name}-`,
        uid: this.rng.uuid(),
        resourceVersion: '0',
        creationTimestamp: isoSeconds(now),
        ...(namespace !== undefined ? { namespace } : {}),
        ...(old.metadata.labels !== undefined ? { labels: { ...old.metadata.labels } } : {}),
        ...(old.metadata.annotations !== undefined ? { annotations: { ...old.metadata.annotations } } : {}),
        ownerReferences: structuredClone(old.metadata.ownerReferences ?? []),
      },
      spec: { ...structuredClone(asRecord(old.spec) ?? {}), nodeName },
    };
    replacement.status = podStatus(this.rng, {
      state: 'pending',
      containers: podContainers(old),
      pod: { name, namespace: namespace ?? 'default', uid: replacement.metadata.uid },
      scheduledAt: now,
      startedAt: now,
      now,
      hostIP: this.nodeAddress(nodeName),
      qosClass: stringField(asRecord(old.status)?.qosClass) ?? 'Burstable',
    });
    this.target.remove('pods', namespace, old.metadata.name);
    this.target.create('pods', replacement);
    this.afterPodChange(replacement);
    return true;
  }

  /** An Event such as the kubelet or scheduler would record for the pod's current state. */
  private emitEvent(pods: readonly KubeObject[]): boolean {
    const candidates = pods.filter((p) => podContainers(p).length > 0);
    if (candidates.length === 0) return false;
    const pod = this.rng.pick(candidates);
    const container = podContainers(pod)[0] as ContainerRef;
    const phase = podPhase(pod);
    const reasons: readonly PodEventReason[] = isCrashLooping(pod)
      ? ['BackOff', 'BackOff', 'Pulled']
      : phase === 'Pending'
        ? ['Scheduled', 'Pulling']
        : phase === 'Running'
          ? ['Pulled', 'Created', 'Started']
          : ['Killing'];
    const event = podEvent(this.rng, { pod, reason: this.rng.pick(reasons), container, first: this.clock() });
    this.target.create('events', event);
    this.createdEvents.push({ namespace: event.metadata.namespace, name: event.metadata.name });
    while (this.createdEvents.length > this.maxEvents) {
      const oldest = this.createdEvents.shift();
      if (oldest !== undefined) this.target.remove('events', oldest.namespace, oldest.name);
    }
    return true;
  }

  private nodes(): KubeObject[] {
    return this.target.list('nodes').slice().sort(byKey);
  }

  /** A node ordinary pods may land on: not cordoned, no NoSchedule taint. */
  private pickNode(): string | undefined {
    const open = this.nodes().filter((node) => {
      const spec = asRecord(node.spec);
      if (spec?.unschedulable === true) return false;
      return !asArray(spec?.taints).some((t) => asRecord(t)?.effect === 'NoSchedule');
    });
    return open.length === 0 ? undefined : this.rng.pick(open).metadata.name;
  }

  private nodeAddress(nodeName: string): string {
    const node = this.nodes().find((n) => n.metadata.name === nodeName);
    const internal = asArray(asRecord(node?.status)?.addresses)
      .map(asRecord)
      .find((a) => a?.type === 'InternalIP');
    return stringField(internal?.address) ?? '';
  }

  /** An address from the node's podCIDR that no listed pod uses. */
  private allocatePodIP(pods: readonly KubeObject[], nodeName: string): string {
    const node = this.nodes().find((n) => n.metadata.name === nodeName);
    const cidr = stringField(asRecord(node?.spec)?.podCIDR) ?? '10.244.0.0/24';
    const prefix = cidr.split('.').slice(0, 3).join('.');
    const used = new Set(pods.map((p) => stringField(asRecord(p.status)?.podIP)));
    for (let attempt = 0; attempt < 64; attempt++) {
      const ip = `${prefix}.${this.rng.int(2, 254)}`;
      if (!used.has(ip)) return ip;
    }
    return `${prefix}.${this.rng.int(2, 254)}`;
  }
}

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function nodeNameOf(pod: KubeObject): string {
  return stringField(asRecord(pod.spec)?.nodeName) ?? '';
}

function controllerOf(pod: KubeObject) {
  return pod.metadata.ownerReferences?.find((ref) => ref.controller === true);
}
