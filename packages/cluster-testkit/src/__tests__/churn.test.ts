import { Deployment, ReplicaSet } from 'kubernetes-models/apps/v1';
import { Event, Pod } from 'kubernetes-models/v1';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BUILTIN_RESOURCES } from '../api/resources';
import type { KubeObject } from '../api/types';
import { ChurnGenerator, type ChurnKind, type ChurnTarget, type ChurnTimers } from '../workload/churn';
import { generateWorkload } from '../workload/seed';

const NOW = new Date('2026-11-01T10:00:00Z');
const clock = () => NOW;

const pluralOf = (kind: string) =>
  BUILTIN_RESOURCES.find((r) => r.kind === kind)?.plural ?? `${kind.toLowerCase()}s`;
const keyOf = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`;

/** A store double that, like a real store, hands out copies and refuses impossible writes. */
class MemoryTarget implements ChurnTarget {
  private readonly data = new Map<string, Map<string, KubeObject>>();
  readonly writes: string[] = [];

  constructor(objects: readonly KubeObject[] = []) {
    for (const o of objects)
      this.bucket(pluralOf(o.kind)).set(keyOf(o.metadata.namespace, o.metadata.name), structuredClone(o));
  }

  private bucket(plural: string): Map<string, KubeObject> {
    let bucket = this.data.get(plural);
    if (bucket === undefined) this.data.set(plural, (bucket = new Map()));
    return bucket;
  }

  list(plural: string): KubeObject[] {
    return [...this.bucket(plural).values()].map((o) => structuredClone(o));
  }

  update(plural: string, obj: KubeObject): void {
    const key = keyOf(obj.metadata.namespace, obj.metadata.name);
    if (!this.bucket(plural).has(key)) throw new Error(`update: ${plural} ${key} not found`);
    this.bucket(plural).set(key, structuredClone(obj));
    this.writes.push(`update ${plural} ${key}`);
  }

  create(plural: string, obj: KubeObject): void {
    const key = keyOf(obj.metadata.namespace, obj.metadata.name);
    if (this.bucket(plural).has(key)) throw new Error(`create: ${plural} ${key} already exists`);
    this.bucket(plural).set(key, structuredClone(obj));
    this.writes.push(`create ${plural} ${key}`);
  }

  remove(plural: string, namespace: string | undefined, name: string): void {
    if (!this.bucket(plural).delete(keyOf(namespace, name)))
      throw new Error(`remove: ${plural} ${keyOf(namespace, name)} not found`);
    this.writes.push(`remove ${plural} ${keyOf(namespace, name)}`);
  }

  snapshot(): Record<string, KubeObject[]> {
    return Object.fromEntries([...this.data.keys()].sort().map((p) => [p, this.list(p)]));
  }
}

interface PodView {
  spec: { nodeName?: string };
  status: {
    phase: string;
    podIP?: string;
    conditions: Array<{ type: string; status: string }>;
    containerStatuses: Array<{
      restartCount: number;
      ready: boolean;
      state: { waiting?: { reason: string }; running?: { startedAt: string } };
    }>;
  };
}
const view = (pod: KubeObject | undefined) => pod as unknown as KubeObject & PodView;
const isReady = (pod: KubeObject) =>
  view(pod).status.conditions.some((c) => c.type === 'Ready' && c.status === 'True');

const workload = (pods = 40) =>
  generateWorkload({ seed: 'churn-test', clusterName: 'churn', now: NOW, pods, namespaces: 3 });
const clusterBase = () => workload().filter((o) => o.kind === 'Node' || o.kind === 'Namespace');
const findPod = (objects: readonly KubeObject[], pred: (p: KubeObject & PodView) => boolean) => {
  const pod = objects
    .filter((o) => o.kind === 'Pod')
    .map(view)
    .find(pred);
  if (pod === undefined) throw new Error('fixture pod not found');
  return pod;
};

/** Steps one change at a time until a change of `kind` has happened; bounded so a bug cannot hang. */
function stepUntil(churn: ChurnGenerator, kind: ChurnKind, times = 1): void {
  for (let i = 0; i < 500 && churn.counters[kind] < times; i++) churn.step(1);
  expect(churn.counters[kind]).toBe(times);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ChurnGenerator.step', () => {
  it('applies exactly n changes and counts them by kind', () => {
    const churn = new ChurnGenerator({
      target: new MemoryTarget(workload()),
      eventsPerSecond: 5,
      seed: 1,
      now: clock,
    });
    expect(churn.step(200)).toBe(200);
    const c = churn.counters;
    expect(c.total).toBe(200);
    expect(c.podPhase + c.containerRestart + c.podReplace + c.event).toBe(200);
    expect(c.skipped).toBe(0);
    for (const kind of ['podPhase', 'containerRestart', 'podReplace', 'event'] as const)
      expect(c[kind]).toBeGreaterThan(0);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const run = (seed: number | string) => {
      const target = new MemoryTarget(workload());
      new ChurnGenerator({ target, eventsPerSecond: 5, seed, now: clock }).step(150);
      return target.snapshot();
    };
    expect(run('a')).toEqual(run('a'));
    expect(run('a')).not.toEqual(run('b'));
  });

  it('skips, without throwing, when there is nothing to change', () => {
    const churn = new ChurnGenerator({ target: new MemoryTarget(), eventsPerSecond: 5, now: clock });
    expect(churn.step(5)).toBe(0);
    expect(churn.counters).toMatchObject({ total: 0, skipped: 5 });
  });

  it('moves a Pending pod to Running with an IP from its node and ready containers', () => {
    const objects = workload();
    const pending = findPod(objects, (p) => p.status.phase === 'Pending');
    // Standalone, so the only changes possible are the phase change and events.
    const { ownerReferences: _owner, ...meta } = pending.metadata;
    const target = new MemoryTarget([...clusterBase(), { ...pending, metadata: meta }]);
    const churn = new ChurnGenerator({ target, eventsPerSecond: 1, seed: 3, now: clock });
    stepUntil(churn, 'podPhase');
    const pod = view(target.list('pods')[0]);
    expect(pod.metadata.uid).toBe(pending.metadata.uid);
    expect(pod.status.phase).toBe('Running');
    expect(isReady(pod)).toBe(true);
    expect(pod.status.podIP).toMatch(/^10\.244\.\d+\.\d+$/);
    expect(pod.status.containerStatuses[0]?.state.running?.startedAt).toBe('2026-11-01T10:00:00Z');
    expect(() => new Pod(pod as unknown as ConstructorParameters<typeof Pod>[0]).validate()).not.toThrow();
  });

  it('restarts containers one at a time and eventually backs off into CrashLoopBackOff', () => {
    const running = findPod(
      workload(),
      (p) =>
        p.status.phase === 'Running' &&
        p.metadata.ownerReferences === undefined &&
        p.status.containerStatuses[0]?.restartCount === 0,
    );
    const target = new MemoryTarget([...clusterBase(), running]);
    const churn = new ChurnGenerator({ target, eventsPerSecond: 1, seed: 5, now: clock });
    stepUntil(churn, 'containerRestart');
    expect(view(target.list('pods')[0]).status.containerStatuses[0]?.restartCount).toBe(1);
    let crash = false;
    for (let i = 2; i <= 40 && !crash; i++) {
      stepUntil(churn, 'containerRestart', i);
      const status = view(target.list('pods')[0]).status;
      expect(status.containerStatuses[0]?.restartCount).toBe(i);
      crash = status.containerStatuses[0]?.state.waiting?.reason === 'CrashLoopBackOff';
      if (crash) {
        expect(status.phase).toBe('Running');
        expect(isReady(target.list('pods')[0] as KubeObject)).toBe(false);
      }
    }
    expect(crash).toBe(true);
  });

  it('replaces a ReplicaSet pod with a new, pending pod of the same ReplicaSet', () => {
    const target = new MemoryTarget(workload());
    const before = new Map(target.list('pods').map((p) => [p.metadata.name, p]));
    const churn = new ChurnGenerator({ target, eventsPerSecond: 1, seed: 9, now: clock });
    stepUntil(churn, 'podReplace');
    const after = target.list('pods');
    expect(after).toHaveLength(before.size);
    const gone = [...before.values()].filter((p) => !after.some((a) => a.metadata.name === p.metadata.name));
    const added = after.filter((p) => !before.has(p.metadata.name));
    expect(gone).toHaveLength(1);
    expect(added).toHaveLength(1);
    const [old] = gone;
    const [fresh] = added;
    const rs = old?.metadata.ownerReferences?.[0];
    expect(rs?.kind).toBe('ReplicaSet');
    expect(fresh?.metadata.ownerReferences).toEqual(old?.metadata.ownerReferences);
    expect(fresh?.metadata.name).toMatch(new RegExp(`^${rs?.name}-[a-z0-9]{5}$`));
    expect(fresh?.metadata.uid).not.toBe(old?.metadata.uid);
    expect(fresh?.metadata.labels).toEqual(old?.metadata.labels);
    expect(fresh?.metadata.creationTimestamp).toBe('2026-11-01T10:00:00Z');
    expect(view(fresh).status.phase).toBe('Pending');
    expect(view(fresh).spec.nodeName).toMatch(/^worker-\d+$/);
  });

  it('keeps owner statuses consistent with the pods and every object schema-valid', () => {
    const target = new MemoryTarget(workload(60));
    const churn = new ChurnGenerator({ target, eventsPerSecond: 5, seed: 11, now: clock });
    churn.step(400);
    expect(churn.counters.ownerUpdates).toBeGreaterThan(0);
    const pods = target.list('pods');
    expect(pods).toHaveLength(60);
    const replicaSets = target.list('replicasets');
    for (const rs of replicaSets) {
      const owned = pods.filter((p) => p.metadata.ownerReferences?.[0]?.uid === rs.metadata.uid);
      const status = rs.status as { replicas: number; readyReplicas?: number };
      expect(status.replicas).toBe(owned.length);
      expect(status.readyReplicas ?? 0).toBe(owned.filter(isReady).length);
    }
    for (const d of target.list('deployments')) {
      const rsUids = new Set(
        replicaSets
          .filter((rs) => rs.metadata.ownerReferences?.[0]?.uid === d.metadata.uid)
          .map((rs) => rs.metadata.uid),
      );
      const owned = pods.filter((p) => rsUids.has(p.metadata.ownerReferences?.[0]?.uid ?? ''));
      const status = d.status as { replicas: number; readyReplicas?: number };
      expect(status.replicas).toBe(owned.length);
      expect(status.readyReplicas ?? 0).toBe(owned.filter(isReady).length);
    }
    const validate: Array<[string, (o: KubeObject) => void]> = [
      ['pods', (o) => new Pod(o as unknown as ConstructorParameters<typeof Pod>[0]).validate()],
      ['events', (o) => new Event(o as unknown as ConstructorParameters<typeof Event>[0]).validate()],
      [
        'replicasets',
        (o) => new ReplicaSet(o as unknown as ConstructorParameters<typeof ReplicaSet>[0]).validate(),
      ],
      [
        'deployments',
        (o) => new Deployment(o as unknown as ConstructorParameters<typeof Deployment>[0]).validate(),
      ],
    ];
    for (const [plural, check] of validate)
      for (const o of target.list(plural))
        expect(() => check(o), `${plural} ${o.metadata.name}`).not.toThrow();
  });

  it('leaves owners alone when syncOwners is off', () => {
    const target = new MemoryTarget(workload());
    const churn = new ChurnGenerator({ target, eventsPerSecond: 5, seed: 2, now: clock, syncOwners: false });
    churn.step(100);
    expect(churn.counters.ownerUpdates).toBe(0);
    expect(target.writes.filter((w) => !w.includes(' pods ') && !w.includes(' events '))).toEqual([]);
  });

  it('creates events about existing pods and deletes its oldest beyond maxEvents', () => {
    const running = findPod(
      workload(),
      (p) => p.status.phase === 'Running' && p.metadata.ownerReferences === undefined,
    );
    const target = new MemoryTarget([...clusterBase(), running]);
    const churn = new ChurnGenerator({ target, eventsPerSecond: 1, seed: 4, now: clock, maxEvents: 3 });
    stepUntil(churn, 'event', 10);
    const events = target.list('events');
    expect(events).toHaveLength(3);
    for (const e of events) {
      expect(e.involvedObject).toMatchObject({
        kind: 'Pod',
        name: running.metadata.name,
        uid: running.metadata.uid,
      });
      expect(e.metadata.namespace).toBe(running.metadata.namespace);
    }
  });
});

describe('ChurnGenerator timers', () => {
  it('spends the rate budget per tick with fractional carry (fake timers)', () => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
    const churn = new ChurnGenerator({ target: new MemoryTarget(workload()), eventsPerSecond: 3, seed: 1 });
    churn.start();
    expect(churn.running).toBe(true);
    vi.advanceTimersByTime(1000);
    expect(churn.counters.total).toBe(3);
    vi.advanceTimersByTime(9000);
    expect(churn.counters.total).toBe(30);
    churn.stop();
    vi.advanceTimersByTime(5000);
    expect(churn.counters.total).toBe(30);
    expect(churn.running).toBe(false);
  });

  it('handles rates above one change per tick', () => {
    vi.useFakeTimers();
    const churn = new ChurnGenerator({ target: new MemoryTarget(workload()), eventsPerSecond: 25, seed: 1 });
    churn.start();
    churn.start();
    vi.advanceTimersByTime(2000);
    churn.stop();
    expect(churn.counters.total).toBe(50);
  });

  it('uses injected timers and clears the handle it got', () => {
    const callbacks: Array<() => void> = [];
    const cleared: unknown[] = [];
    const timers: ChurnTimers = {
      setInterval: (cb, ms) => {
        expect(ms).toBe(50);
        callbacks.push(cb);
        return 'handle-1';
      },
      clearInterval: (handle) => cleared.push(handle),
    };
    const churn = new ChurnGenerator({
      target: new MemoryTarget(workload()),
      eventsPerSecond: 10,
      seed: 1,
      timers,
      tickMs: 50,
      now: clock,
    });
    churn.start();
    expect(callbacks).toHaveLength(1);
    for (let i = 0; i < 4; i++) callbacks[0]?.();
    expect(churn.counters.total).toBe(2);
    churn.stop();
    expect(cleared).toEqual(['handle-1']);
  });

  it('records errors thrown during a tick instead of crashing the timer, while step() still throws', () => {
    vi.useFakeTimers();
    const broken: ChurnTarget = {
      list: () => {
        throw new Error('store offline');
      },
      update: () => undefined,
      create: () => undefined,
      remove: () => undefined,
    };
    const churn = new ChurnGenerator({ target: broken, eventsPerSecond: 10 });
    churn.start();
    vi.advanceTimersByTime(300);
    churn.stop();
    expect(churn.counters.errors).toBe(3);
    expect(churn.lastError).toBeInstanceOf(Error);
    expect(() => churn.step(1)).toThrow('store offline');
  });

  it('rejects invalid rates', () => {
    expect(() => new ChurnGenerator({ target: new MemoryTarget(), eventsPerSecond: -1 })).toThrow(RangeError);
    expect(() => new ChurnGenerator({ target: new MemoryTarget(), eventsPerSecond: Number.NaN })).toThrow(
      RangeError,
    );
  });
});
