import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCluster } from '../simulated-cluster';
import { call, openWatch } from './http-client';

let cluster: SimulatedCluster;

beforeAll(async () => {
  cluster = await SimulatedCluster.start({
    name: 'watch',
    workload: { pods: 10 },
    bookmarkIntervalMs: 100,
    historySize: 50,
  });
});
afterAll(() => cluster.stop());

const cm = (name: string, labels: Record<string, string> = {}) => ({
  metadata: { name, labels },
  data: { k: name },
});
const base = '/api/v1/namespaces/default/configmaps';

describe('watch', () => {
  it('streams ADDED, MODIFIED and DELETED from a resourceVersion, with bookmarks when asked', async () => {
    const list = (await call(cluster, base)).json<{ metadata: { resourceVersion: string } }>();
    const watch = openWatch(
      cluster,
      `${base}?watch=true&resourceVersion=${list.metadata.resourceVersion}&allowWatchBookmarks=true`,
    );
    expect(await watch.status).toBe(200);
    await call(cluster, base, { method: 'POST', body: cm('w1') });
    await call(cluster, `${base}/w1`, {
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: { data: { k: 'changed' } },
    });
    await call(cluster, `${base}/w1`, { method: 'DELETE' });
    await watch.until(
      (events) => events.some((e) => e.type === 'DELETED') && events.some((e) => e.type === 'BOOKMARK'),
    );
    const types = watch.events.filter((e) => e.type !== 'BOOKMARK').map((e) => e.type);
    expect(types).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    await watch.until(
      (events) =>
        events.findLastIndex((e) => e.type === 'BOOKMARK') > events.findIndex((e) => e.type === 'DELETED'),
    );
    const bookmark = watch.events.findLast((e) => e.type === 'BOOKMARK')?.object as {
      metadata: { resourceVersion: string };
    };
    expect(Number(bookmark.metadata.resourceVersion)).toBeGreaterThan(Number(list.metadata.resourceVersion));
    watch.close();
  });

  it('sends the current state as ADDED when no resourceVersion is given, and no bookmarks unless asked', async () => {
    await call(cluster, base, { method: 'POST', body: cm('initial') });
    const plain = openWatch(cluster, `${base}?watch=1`);
    await plain.until((events) =>
      events.some((e) => (e.object['metadata'] as { name: string }).name === 'initial'),
    );
    // A watch opened after the plain one that has seen three bookmark periods go by.
    const bookmarked = openWatch(cluster, `${base}?watch=1&allowWatchBookmarks=true`);
    await bookmarked.until((events) => events.filter((e) => e.type === 'BOOKMARK').length >= 3);
    expect(plain.events.length).toBeGreaterThan(0);
    expect(plain.events.every((e) => e.type === 'ADDED')).toBe(true);
    plain.close();
    bookmarked.close();
  });

  it('turns label changes into ADDED/DELETED for a selecting watch', async () => {
    await call(cluster, base, { method: 'POST', body: cm('sel', { tier: 'a' }) });
    const rv = (await call(cluster, base)).json<{ metadata: { resourceVersion: string } }>().metadata
      .resourceVersion;
    const watch = openWatch(cluster, `${base}?watch=true&resourceVersion=${rv}&labelSelector=tier%3Db`);
    await watch.status;
    await call(cluster, `${base}/sel`, {
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: { metadata: { labels: { tier: 'b' } } },
    });
    await call(cluster, `${base}/sel`, {
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: { metadata: { labels: { tier: 'c' } } },
    });
    await watch.until((events) => events.length >= 2);
    expect(watch.events.map((e) => e.type)).toEqual(['ADDED', 'DELETED']);
    watch.close();
  });

  it('yields a 410 Expired ERROR event for a too-old resourceVersion', async () => {
    const rv = (await call(cluster, base)).json<{ metadata: { resourceVersion: string } }>().metadata
      .resourceVersion;
    // More changes than the history holds push the old resourceVersion out of the window.
    for (let i = 0; i < 60; i++) await call(cluster, base, { method: 'POST', body: cm(`churn-${i}`) });
    const watch = openWatch(cluster, `${base}?watch=true&resourceVersion=${rv}`);
    await watch.ended;
    expect(watch.events).toHaveLength(1);
    expect(watch.events[0]).toMatchObject({
      type: 'ERROR',
      object: { kind: 'Status', reason: 'Expired', code: 410 },
    });
  });

  it('expireResourceVersions() forces 410 on resume, and a fresh list resumes fine', async () => {
    const rv = (await call(cluster, base)).json<{ metadata: { resourceVersion: string } }>().metadata
      .resourceVersion;
    cluster.faults.expireResourceVersions();
    const stale = openWatch(cluster, `${base}?watch=true&resourceVersion=${Number(rv) - 1}`);
    await stale.ended;
    expect(stale.events[0]).toMatchObject({ type: 'ERROR', object: { code: 410 } });
    const fresh = (await call(cluster, base)).json<{ metadata: { resourceVersion: string } }>().metadata
      .resourceVersion;
    const ok = openWatch(cluster, `${base}?watch=true&resourceVersion=${fresh}`);
    await call(cluster, base, { method: 'POST', body: cm('after-expiry') });
    await ok.until((events) => events.some((e) => e.type === 'ADDED'));
    ok.close();
  });

  it('ends at timeoutSeconds, on cutWatches() and on stop', async () => {
    const timed = openWatch(cluster, `${base}?watch=true&timeoutSeconds=1`);
    await timed.ended;
    const cut = openWatch(cluster, `${base}?watch=true`);
    await cut.status;
    expect(cluster.faults.cutWatches()).toBeGreaterThan(0);
    await cut.ended;
    expect(cluster.openWatchCount).toBe(0);
  });

  it('sends initial events then a bookmark marking their end with sendInitialEvents', async () => {
    const watch = openWatch(
      cluster,
      `${base}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`,
    );
    await watch.until((events) => events.some((e) => e.type === 'BOOKMARK'));
    const bookmark = watch.events.find((e) => e.type === 'BOOKMARK')?.object as {
      metadata: { annotations?: Record<string, string> };
    };
    expect(bookmark.metadata.annotations?.['k8s.io/initial-events-end']).toBe('true');
    expect(watch.events[0]?.type).toBe('ADDED');
    watch.close();
  });

  it('streams Table events when asked for a Table', async () => {
    const rv = (await call(cluster, '/api/v1/pods')).json<{ metadata: { resourceVersion: string } }>()
      .metadata.resourceVersion;
    const watch = openWatch(cluster, `/api/v1/namespaces/default/pods?watch=true&resourceVersion=${rv}`, {
      accept: 'application/json;as=Table;v=v1;g=meta.k8s.io',
    });
    await watch.status;
    const pod = { metadata: { name: 'table-pod' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
    await call(cluster, '/api/v1/namespaces/default/pods', { method: 'POST', body: pod });
    await watch.until((events) => events.length > 0);
    expect(watch.events[0]).toMatchObject({
      type: 'ADDED',
      object: { kind: 'Table', rows: [{ cells: expect.arrayContaining(['table-pod']) }] },
    });
    watch.close();
  });
});
