import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock';
import { ClusterManager } from '../../cluster-manager';
import type { ClusterSession } from '../../cluster-session';
import { ClusterDiscovery } from '../../fleet/discovery';
import { createFleet } from '../../fleet/fleet-operations';
import type { TransportRequest, TransportResponse } from '../../transport-types';
import { fakeCluster } from '../client/fake-cluster';

const resource = (name: string, kind: string) => ({
  name,
  singularName: kind.toLowerCase(),
  namespaced: true,
  kind,
  verbs: ['get', 'list'],
});

/** A cluster serving legacy discovery from `documents`, counting each read of `/api`. */
function legacyCluster(documents: Record<string, unknown>) {
  let apiReads = 0;
  let gate: Promise<void> | null = null;
  const session = {
    clusterId: 'c1',
    clusterName: 'c1',
    request: async (req: { path: string }): Promise<TransportResponse> => {
      if (req.path === '/api') {
        apiReads++;
        if (gate) await gate;
      }
      return { status: 200, headers: {}, body: documents[req.path], durationMs: 1 };
    },
  } as unknown as ClusterSession;
  return {
    session,
    discoveryReads: () => apiReads,
    /** Holds `/api` reads until the returned function is called. */
    hold: () => {
      let release!: () => void;
      gate = new Promise<void>((resolve) => (release = resolve));
      return () => {
        gate = null;
        release();
      };
    },
  };
}

const DOCUMENTS: Record<string, unknown> = {
  '/api': { kind: 'APIVersions', versions: ['v1'] },
  '/apis': { kind: 'APIGroupList', groups: [] },
  '/api/v1': { kind: 'APIResourceList', resources: [resource('pods', 'Pod')] },
};

describe('discovery cache (fake clock)', () => {
  it('serves one read for the TTL, then reads again; concurrent callers share a read', async () => {
    const clock = new ManualClock(1_000_000);
    const cluster = legacyCluster(DOCUMENTS);
    const discovery = new ClusterDiscovery(cluster.session, { clock, ttlMs: 60_000 });

    const release = cluster.hold();
    const [first, second] = [discovery.resources(), discovery.resources()];
    release();
    expect(await first).toBe(await second);
    expect(cluster.discoveryReads()).toBe(1);

    clock.advance(59_999);
    await discovery.resolve('pods');
    expect(cluster.discoveryReads()).toBe(1);

    clock.advance(1);
    expect((await discovery.resources()).fetchedAt).toBe(1_060_000);
    expect(cluster.discoveryReads()).toBe(2);
  });

  it('re-reads after a miss at most once per missRefreshMs, so a CRD created meanwhile is found', async () => {
    const clock = new ManualClock(0);
    const documents = { ...DOCUMENTS };
    const cluster = legacyCluster(documents);
    const discovery = new ClusterDiscovery(cluster.session, { clock, missRefreshMs: 5_000 });
    await discovery.resources();

    clock.advance(1_000);
    await expect(discovery.resolve('widgets')).rejects.toMatchObject({ kind: 'not-found', clusterId: 'c1' });
    expect(cluster.discoveryReads()).toBe(1);

    documents['/api/v1'] = {
      kind: 'APIResourceList',
      resources: [resource('pods', 'Pod'), resource('widgets', 'Widget')],
    };
    clock.advance(3_999);
    await expect(discovery.resolve('widgets')).rejects.toMatchObject({ kind: 'not-found' });
    expect(cluster.discoveryReads()).toBe(1);

    clock.advance(1);
    expect(await discovery.resolve('widgets')).toMatchObject({ resource: 'widgets', kind: 'Widget' });
    expect(cluster.discoveryReads()).toBe(2);
  });
});

describe('permission answers (fake clock)', () => {
  let manager: ClusterManager | undefined;
  afterEach(() => {
    manager?.dispose();
    manager = undefined;
  });

  it('keeps an answer for its TTL per cluster, never caches a failure, and asks again after the TTL', async () => {
    const clock = new ManualClock(0);
    const reviews: Record<string, number> = { a: 0, b: 0 };
    let brokenAnswers = 0;
    const reviewer = (name: string) => (request: TransportRequest) => {
      if (!request.path.endsWith('/selfsubjectaccessreviews')) return undefined;
      reviews[name] = (reviews[name] ?? 0) + 1;
      if (brokenAnswers > 0) {
        brokenAnswers--;
        return { status: {} };
      }
      return { status: { allowed: name === 'a' } };
    };
    manager = new ClusterManager({ connect: 'manual' });
    manager.addAll([fakeCluster('a', reviewer('a')), fakeCluster('b', reviewer('b'))]);
    const fleet = createFleet(manager, { clock, permissions: { ttlMs: 30_000 } });
    const pods = { group: '', resource: 'pods' };
    const ask = (id: string) => fleet.permissions.can(id, 'delete', pods, { namespace: 'default' });

    expect(await ask('fake:a')).toBe(true);
    expect(await ask('fake:b')).toBe(false);
    clock.advance(29_999);
    expect(await ask('fake:a')).toBe(true);
    expect(reviews).toEqual({ a: 1, b: 1 });

    clock.advance(1);
    brokenAnswers = 1;
    await expect(ask('fake:a')).rejects.toMatchObject({ kind: 'malformed-response', clusterId: 'fake:a' });
    expect(await ask('fake:a')).toBe(true);
    expect(reviews).toEqual({ a: 3, b: 1 });
    // b's answer expired as well: asking a again refreshed only a's.
    expect(await ask('fake:b')).toBe(false);
    expect(reviews).toEqual({ a: 3, b: 2 });
  });
});
