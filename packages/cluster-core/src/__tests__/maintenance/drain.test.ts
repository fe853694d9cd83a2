import type { ResourceType } from '@flotilla/cluster-testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DrainProgressEvent } from '../../events';
import { cordon, uncordon } from '../../maintenance/cordon';
import { DrainJobStore, type DrainJobSnapshot } from '../../maintenance/drain-job-store';
import { startFleetHarness, type FleetHarness } from '../support/fleet-harness';
import { isUnschedulable, podsOn, seedDrainFixture, strictBudget } from './drain-fixture';

let harness: FleetHarness;
let store: DrainJobStore;
const FAST = { pollIntervalMs: 50, retryIntervalMs: 100, timeoutMs: 10_000 };

const a = () => harness.fleet.cluster('sim-1');
const b = () => harness.fleet.cluster('sim-2');

beforeEach(async () => {
  harness = await startFleetHarness({ clusters: 2, clusterDefaults: { workload: false } });
  seedDrainFixture(a());
  seedDrainFixture(b());
  store = new DrainJobStore(harness.manager, { defaults: FAST });
});

afterEach(async () => {
  store.dispose();
  await harness.close();
});

/** Resolves once the store holds a snapshot matching `predicate`; bounded. */
function waitForJob(
  predicate: (job: DrainJobSnapshot) => boolean,
  timeoutMs = 5000,
): Promise<DrainJobSnapshot> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = store.getSnapshot().find(predicate);
      if (!found) return;
      clearTimeout(timer);
      off();
      resolve(found);
    };
    const timer = setTimeout(() => {
      off();
      reject(
        new Error(`no matching drain job within ${timeoutMs} ms: ${JSON.stringify(store.getSnapshot())}`),
      );
    }, timeoutMs);
    const off = store.subscribe(check);
    check();
  });
}

describe('cordon and uncordon', () => {
  it('change only the named cluster’s node, through a session or a manager and clusterId', async () => {
    const result = await cordon(harness.manager, harness.idOf('sim-1'), 'worker-1');
    expect(result).toMatchObject({
      clusterId: harness.idOf('sim-1'),
      node: 'worker-1',
      unschedulable: true,
      changed: true,
    });
    expect(isUnschedulable(a(), 'worker-1')).toBe(true);
    expect(isUnschedulable(b(), 'worker-1')).toBe(false);
    expect((await cordon(harness.session('sim-1'), 'worker-1')).changed).toBe(false);
    const back = await uncordon(harness.session('sim-1'), 'worker-1');
    expect(back).toMatchObject({ unschedulable: false, changed: true });
    expect(isUnschedulable(a(), 'worker-1')).toBe(false);
  });

  it('reports a missing node as a not-found error of that cluster', async () => {
    await expect(cordon(harness.manager, harness.idOf('sim-2'), 'worker-9')).rejects.toMatchObject({
      kind: 'not-found',
      clusterId: harness.idOf('sim-2'),
    });
  });
});

describe('DrainJobStore', () => {
  it('drains worker-1 of one cluster only: the same-named node of the other cluster is untouched', async () => {
    const idA = harness.idOf('sim-1');
    const idB = harness.idOf('sim-2');
    const bBefore = podsOn(b(), 'worker-1');
    const job = store.drain(idA, 'worker-1');
    const final = await job.done;
    expect(final).toMatchObject({
      clusterId: idA,
      node: 'worker-1',
      phase: 'completed',
      evicted: 3,
      remaining: 0,
    });
    // DaemonSet and mirror pods stay; the ReplicaSet's pods were replaced elsewhere.
    expect(podsOn(a(), 'worker-1')).toEqual(['kube-system/etcd-worker-1', 'shop/agent-w1']);
    expect(isUnschedulable(a(), 'worker-1')).toBe(true);
    expect(podsOn(b(), 'worker-1')).toEqual(bBefore);
    expect(isUnschedulable(b(), 'worker-1')).toBe(false);
    expect(store.select({ clusterId: idB })).toEqual([]);
    expect(store.select({ clusterId: idB, node: 'worker-1' })).toEqual([]);
    expect(store.select({ node: 'worker-1' }).map((j) => j.clusterId)).toEqual([idA]);

    const events = harness.events.filter((e) => e.type === 'cluster:drain:progress');
    const payloads = events.map((e) => e.payload as unknown as DrainProgressEvent);
    expect(payloads.every((p) => p.clusterId === idA && p.clusterName === 'sim-1')).toBe(true);
    expect(payloads.map((p) => p.phase)).toEqual(
      expect.arrayContaining(['cordoning', 'evicting', 'waiting', 'completed']),
    );
    const evictions = a().requestLog.filter((r) => r.method === 'POST' && r.path.includes('/eviction'));
    expect(evictions.map((r) => r.path).sort()).toEqual(
      [1, 2, 3].map((i) => `/api/v1/namespaces/shop/pods/web-${i}/eviction`),
    );
    expect(b().requestLog.filter((r) => r.path.includes('/eviction'))).toEqual([]);
  });

  it('keeps two drains of worker-1 in two clusters apart and snapshots referentially stable', async () => {
    const idA = harness.idOf('sim-1');
    const idB = harness.idOf('sim-2');
    a().seed([strictBudget()]);
    const jobA = store.drain(idA, 'worker-1');
    await waitForJob((j) => j.clusterId === idA && j.blocked.length === 3);
    const selectedA = store.select({ clusterId: idA, node: 'worker-1' });
    const jobB = store.drain(idB, 'worker-1');
    expect((await jobB.done).phase).toBe('completed');
    // B's job changed the store many times; A's selection is still the same array.
    expect(store.select({ clusterId: idA, node: 'worker-1' })).toBe(selectedA);
    expect(store.select({ node: 'worker-1' })).toHaveLength(2);
    expect(store.cancel(idB, jobA.jobId)).toBe(false);
    expect(store.cancel(idA, jobA.jobId)).toBe(true);
    expect((await jobA.done).phase).toBe('cancelled');
    expect(podsOn(a(), 'worker-1')).toContain('shop/web-1');
  });

  it('retries evictions a PodDisruptionBudget refuses (429) and completes once it is relaxed', async () => {
    const idA = harness.idOf('sim-1');
    a().seed([strictBudget()]);
    const job = store.drain(idA, 'worker-1');
    const blocked = await waitForJob((j) => j.blocked.length === 3);
    expect(blocked.blocked).toEqual(['shop/web-1', 'shop/web-2', 'shop/web-3']);
    await a().requestLog.waitFor(
      (r) => r.status === 429 && r.path.endsWith('/web-1/eviction') && r.at > blocked.startedAt + 50,
    );
    const pdbType = a().registry.lookup('policy', 'v1', 'poddisruptionbudgets') as ResourceType;
    a().store.delete(pdbType, 'shop', 'web-pdb');
    const final = await job.done;
    expect(final).toMatchObject({ phase: 'completed', evicted: 3, blocked: [] });
  });

  it('fails with the blocking pods named when the budget outlasts the timeout', async () => {
    a().seed([strictBudget()]);
    const final = await store.drain(harness.idOf('sim-1'), 'worker-1', { timeoutMs: 600 }).done;
    expect(final.phase).toBe('failed');
    expect(final.message).toMatch(/timed out after 600 ms; blocked by a PodDisruptionBudget: shop\/web-1/);
    expect(final.finishedAt).not.toBeNull();
  });

  it('refuses DaemonSet pods unless ignoreDaemonSets, evicting nothing', async () => {
    const final = await store.drain(harness.idOf('sim-1'), 'worker-1', { ignoreDaemonSets: false }).done;
    expect(final.phase).toBe('failed');
    expect(final.message).toContain('cannot delete DaemonSet-managed Pods');
    expect(a().requestLog.filter((r) => r.path.includes('/eviction'))).toEqual([]);
  });

  it('evicts only pods matching podSelector', async () => {
    a().seed([
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: 'batch',
          namespace: 'shop',
          uid: 'batch',
          resourceVersion: '',
          creationTimestamp: '2026-01-01T00:00:00Z',
          labels: { app: 'batch' },
        },
        spec: { nodeName: 'worker-1', containers: [{ name: 'app', image: 'busybox' }] },
        status: { phase: 'Running' },
      },
    ]);
    const final = await store.drain(harness.idOf('sim-1'), 'worker-1', { podSelector: 'app=batch' }).done;
    expect(final).toMatchObject({ phase: 'completed', evicted: 1 });
    expect(podsOn(a(), 'worker-1')).toContain('shop/web-1');
  });

  it('cancels and forgets the jobs of a removed cluster, and rejects unknown clusters', async () => {
    const idA = harness.idOf('sim-1');
    a().seed([strictBudget()]);
    const job = store.drain(idA, 'worker-1');
    await waitForJob((j) => j.blocked.length > 0);
    harness.manager.remove(idA);
    expect(store.select({ clusterId: idA })).toEqual([]);
    expect((await job.done).phase).toBe('cancelled');
    expect(() => store.drain(idA, 'worker-1')).toThrow(expect.objectContaining({ kind: 'unknown-cluster' }));
  });
});
