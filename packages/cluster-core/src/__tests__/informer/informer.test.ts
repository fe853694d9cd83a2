import { describe, expect, it } from 'vitest';
import { ManualClock, flushMicrotasks } from '../../clock';
import { Informer, type InformerSyncPayload } from '../../informer/informer';
import type { KubeObject } from '../../informer/kube-object';
import { ObjectCache } from '../../informer/object-cache';
import { collectionPath, resourceLabel } from '../../informer/resource';
import { FakeListWatcher, failure, gone, line, pod } from './fake-list-watcher';

const pods = { group: '', version: 'v1', resource: 'pods' };

describe('ObjectCache', () => {
  it('replace reports exactly what changed against what it held', () => {
    const cache = new ObjectCache();
    const kept = pod('kept', '1');
    cache.replace([kept, pod('changed', '1'), pod('gone', '1')], '10');
    const deltas = cache.replace([kept, pod('changed', '2'), pod('new', '3')], '20');
    expect(deltas.map((d) => `${d.type} ${d.object.metadata.name}`)).toEqual([
      'MODIFIED changed',
      'ADDED new',
      'DELETED gone',
    ]);
    expect(cache.keys().sort()).toEqual(['default/changed', 'default/kept', 'default/new']);
    expect(cache.get('default', 'kept')).toBe(kept);
    expect(cache.resourceVersion).toBe('20');
  });

  it('apply treats replays as no change and keys cluster-scoped objects by name', () => {
    const cache = new ObjectCache();
    expect(cache.apply({ type: 'MODIFIED', object: pod('a', '1') })?.type).toBe('ADDED');
    expect(cache.apply({ type: 'ADDED', object: pod('a', '1') })).toBeNull();
    expect(cache.apply({ type: 'ADDED', object: pod('a', '2') })?.type).toBe('MODIFIED');
    expect(cache.apply({ type: 'DELETED', object: pod('b', '3') })).toBeNull();
    expect(cache.apply({ type: 'DELETED', object: pod('a', '4') })?.type).toBe('DELETED');
    cache.apply({ type: 'ADDED', object: { metadata: { name: 'node-1', resourceVersion: '5' } } });
    expect(cache.keys()).toEqual(['node-1']);
    expect(cache.resourceVersion).toBe('5');
  });
});

describe('resource descriptors', () => {
  it('build core, group and namespaced paths', () => {
    expect(collectionPath(pods)).toBe('/api/v1/pods');
    expect(collectionPath({ group: 'apps', version: 'v1', resource: 'deployments', namespace: 'x' })).toBe(
      '/apis/apps/v1/namespaces/x/deployments',
    );
    expect(resourceLabel({ group: 'apps', resource: 'deployments' })).toBe('deployments.apps');
  });
});

function setup() {
  const clock = new ManualClock(1_000_000);
  const lw = new FakeListWatcher();
  const published: InformerSyncPayload[] = [];
  const informer = new Informer({
    listWatcher: lw,
    resource: { ...pods, namespace: 'default' },
    clusterId: 'c1',
    clusterName: 'one',
    clock,
    random: () => 0,
    publish: (event) => published.push(event),
  });
  const log: string[] = [];
  informer.onAdd((o) => log.push(`add ${o.metadata.name}`));
  informer.onUpdate((prev, o) => log.push(`update ${prev.metadata.name}@${o.metadata.resourceVersion}`));
  informer.onDelete((o) => log.push(`delete ${o.metadata.name}`));
  return { clock, lw, informer, published, log, settle: () => flushMicrotasks() };
}

describe('Informer', () => {
  it('keeps and hands out what its transform returns, for listed objects and watch events alike', async () => {
    const lw = new FakeListWatcher();
    const received: KubeObject[] = [];
    const trimmed: KubeObject[] = [];
    const informer = new Informer({
      listWatcher: lw,
      resource: pods,
      clusterId: 'c1',
      clusterName: 'one',
      random: () => 0,
      transform: <T extends KubeObject>(object: T): T => {
        received.push(object);
        const { managedFields: _dropped, ...metadata } = object.metadata;
        const kept = { ...object, metadata } as T;
        trimmed.push(kept);
        return kept;
      },
    });
    const handed: KubeObject[] = [];
    informer.onAdd((o) => handed.push(o));
    informer.onUpdate((_, o) => handed.push(o));
    lw.objects = [
      { ...pod('a', '1'), metadata: { ...pod('a', '1').metadata, managedFields: [{ manager: 'x' }] } },
    ];
    informer.start();
    await flushMicrotasks();
    const updated = {
      ...pod('a', '2'),
      metadata: { ...pod('a', '2').metadata, managedFields: [{ manager: 'y' }] },
    };
    lw.lastWatch.send(line('MODIFIED', updated));
    await flushMicrotasks();

    expect(received.map((o) => o.metadata.resourceVersion)).toEqual(['1', '2']);
    expect(received.every((o) => Array.isArray(o.metadata['managedFields']))).toBe(true);
    expect(handed).toEqual(trimmed);
    expect(informer.list()).toEqual([trimmed[1]]);
    expect(informer.list()[0]).toBe(trimmed[1]);
    expect(informer.get('default', 'a')?.metadata).not.toHaveProperty('managedFields');
    informer.stop();
  });

  it('goes syncing → synced → stale → synced and publishes each change with its error', async () => {
    const t = setup();
    t.lw.objects = [pod('a', '1')];
    t.informer.start();
    expect(t.informer.getSnapshot()).toMatchObject({ state: 'syncing', hasSynced: false });
    await t.settle();
    expect(t.informer.getSnapshot()).toMatchObject({ state: 'synced', hasSynced: true, since: 1_000_000 });
    await t.clock.advanceAsync(5000);
    t.lw.lastWatch.fail(failure('timeout'));
    await t.settle();
    expect(t.informer.getSnapshot()).toMatchObject({
      state: 'stale',
      since: 1_005_000,
      lastError: { kind: 'timeout' },
    });
    expect(t.informer.list().map((o) => o.metadata.name)).toEqual(['a']);
    await t.clock.advanceAsync(800);
    expect(t.informer.getSnapshot().state).toBe('synced');
    expect(t.published.map((p) => [p.state, p.error?.kind])).toEqual([
      ['syncing', undefined],
      ['synced', undefined],
      ['stale', 'timeout'],
      ['synced', undefined],
    ]);
    expect(t.published[0]).toMatchObject({ resource: 'pods', namespace: 'default' });
    t.informer.stop();
  });

  it('is in error when it never synced, and when its session is gone', async () => {
    const t = setup();
    t.lw.listAnswers.push(failure('authz', { status: 403 }), failure('cancelled'));
    t.informer.start();
    await t.settle();
    expect(t.informer.getSnapshot()).toMatchObject({ state: 'error', lastError: { kind: 'authz' } });
    await t.clock.advanceAsync(800);
    expect(t.informer.getSnapshot()).toMatchObject({ state: 'error', lastError: { kind: 'cancelled' } });
    expect(t.clock.pendingTimers).toBe(0);
  });

  it('turns a relist after missed events into exactly the missed adds, updates and deletes', async () => {
    const t = setup();
    t.lw.objects = [pod('a', '1'), pod('b', '1'), pod('c', '1')];
    t.informer.start();
    await t.settle();
    expect(t.log).toEqual(['add a', 'add b', 'add c']);
    // While the watch was away: b deleted, c changed, d created; the history is gone too.
    t.lw.objects = [pod('a', '1'), pod('c', '7'), pod('d', '8')];
    t.lw.resourceVersion = '200';
    t.lw.lastWatch.send(line('ERROR', { kind: 'Status', code: 410, reason: 'Expired' }));
    await t.settle();
    expect(t.log.slice(3)).toEqual(['update c@7', 'add d', 'delete b']);
    expect(t.informer.list().map((o) => o.metadata.name)).toEqual(['a', 'c', 'd']);
    expect(t.informer.resourceVersion).toBe('200');
    expect(t.published.map((p) => p.state)).toEqual(['syncing', 'synced']);
    t.informer.stop();
  });

  it('replays the cache to a handler added later; a throwing handler harms nobody', async () => {
    const t = setup();
    t.lw.objects = [pod('a', '1')];
    t.informer.start();
    await t.settle();
    t.informer.onAdd(() => {
      throw new Error('handler bug');
    });
    const late: string[] = [];
    t.informer.onAdd((o) => late.push(o.metadata.name));
    t.lw.lastWatch.send(line('ADDED', pod('b', '2')));
    await t.settle();
    expect(late).toEqual(['a', 'b']);
    expect(t.log).toEqual(['add a', 'add b']);
    expect(t.informer.get('default', 'b')?.metadata.resourceVersion).toBe('2');
    expect(t.informer.getSnapshot().state).toBe('synced');
    t.informer.stop();
  });

  it('notifies subscribers with stable snapshots and publishes nothing after stop', async () => {
    const t = setup();
    const snapshots: unknown[] = [];
    t.informer.subscribe((s) => snapshots.push(s));
    t.informer.start();
    await t.settle();
    expect(snapshots).toEqual([t.informer.getSnapshot()]);
    expect(t.informer.getSnapshot()).toBe(t.informer.getSnapshot());
    t.informer.stop();
    t.lw.watchAnswers.push(gone());
    await t.clock.advanceAsync(60_000);
    expect(t.published.map((p) => p.state)).toEqual(['syncing', 'synced']);
    expect(t.lw.watches[0]?.closed).toBe(true);
  });
});
