import { describe, expect, it } from 'vitest';
import { flushMicrotasks } from '../../clock';
import type { SessionRequest, SessionStreamRequest } from '../../cluster-session';
import type { ExtensionEventName, SessionEventName, ClusterEvents } from '../../events';
import type { ObjectTransform } from '../../informer/informer';
import { InformerRegistry, type InformerSession } from '../../informer/informer-registry';
import type { TransportResponse, TransportStream } from '../../transport-types';
import { FakeWatch } from './fake-list-watcher';

/** A session that lists nothing and keeps every watch open until its signal aborts. */
class QuietSession implements InformerSession {
  readonly clusterId = 'c1';
  readonly clusterName = 'one';
  readonly lists: SessionRequest[] = [];
  readonly watches: Array<{ request: SessionStreamRequest; watch: FakeWatch }> = [];
  readonly published: Array<{ name: string; payload: unknown }> = [];

  request<T = unknown>(request: SessionRequest): Promise<TransportResponse<T>> {
    this.lists.push(request);
    const body = { metadata: { resourceVersion: '7' }, items: [] };
    return Promise.resolve({ status: 200, headers: {}, body: body as T, durationMs: 1 });
  }

  stream(request: SessionStreamRequest): Promise<TransportStream> {
    const signal = request.signal ?? new AbortController().signal;
    const watch = new FakeWatch(
      { resourceVersion: '', allowWatchBookmarks: true, timeoutSeconds: 300 },
      signal,
    );
    this.watches.push({ request, watch });
    return Promise.resolve({
      status: 200,
      headers: {},
      lines: () => watch.lines(),
      close: () => watch.close(),
    });
  }

  publish<K extends ExtensionEventName>(
    name: K,
    payload: Omit<Pick<ClusterEvents, SessionEventName>[K], 'clusterId' | 'clusterName'>,
  ): void {
    this.published.push({ name, payload });
  }

  openWatches(): number {
    return this.watches.filter((w) => !w.watch.closed).length;
  }
}

const pods = { group: '', version: 'v1', resource: 'pods' };
const deployments = { group: 'apps', version: 'v1', resource: 'deployments', namespace: 'web' };

describe('InformerRegistry', () => {
  it('shares one informer and one watch between acquirers of the same key; the last release stops it', async () => {
    const session = new QuietSession();
    const registry = new InformerRegistry(session);
    const first = registry.acquire({ resource: pods });
    const second = registry.acquire({ resource: { ...pods } });
    expect(second.informer).toBe(first.informer);
    await flushMicrotasks();
    expect(session.lists).toHaveLength(1);
    expect(session.openWatches()).toBe(1);
    expect(session.watches[0]?.request).toMatchObject({
      path: '/api/v1/pods',
      query: { watch: true, resourceVersion: '7', allowWatchBookmarks: true },
      source: 'informer',
      resourceKind: 'pods',
    });

    first.release();
    first.release();
    await flushMicrotasks();
    expect(session.openWatches()).toBe(1);
    expect(registry.size).toBe(1);
    second.release();
    await flushMicrotasks();
    expect(session.openWatches()).toBe(0);
    expect(registry.size).toBe(0);
    expect(first.informer.isStopped).toBe(true);

    // A new claim after the last release starts a fresh informer.
    const third = registry.acquire({ resource: pods });
    expect(third.informer).not.toBe(first.informer);
    third.release();
  });

  it('keeps namespaces and selectors apart and publishes sync state through the session', async () => {
    const session = new QuietSession();
    const registry = new InformerRegistry(session);
    const all = registry.acquire({ resource: deployments });
    const labelled = registry.acquire({ resource: deployments, labelSelector: 'app=web' });
    const other = registry.acquire({ resource: { ...deployments, namespace: 'db' } });
    expect(new Set([all.informer, labelled.informer, other.informer]).size).toBe(3);
    await flushMicrotasks();
    expect(session.watches.map((w) => [w.request.path, w.request.query?.['labelSelector']])).toEqual([
      ['/apis/apps/v1/namespaces/web/deployments', undefined],
      ['/apis/apps/v1/namespaces/web/deployments', 'app=web'],
      ['/apis/apps/v1/namespaces/db/deployments', undefined],
    ]);
    expect(session.published).toContainEqual({
      name: 'cluster:informer:sync',
      payload: { resource: 'deployments.apps', namespace: 'web', state: 'synced' },
    });
    registry.stopAll();
    await flushMicrotasks();
    expect(session.openWatches()).toBe(0);
    all.release();
    expect(registry.size).toBe(0);
  });

  it('shares an informer between acquirers of the same transform and gives another transform its own', async () => {
    const session = new QuietSession();
    const registry = new InformerRegistry(session);
    const trim: ObjectTransform = (object) => object;
    const other: ObjectTransform = (object) => ({ ...object });
    const plain = registry.acquire({ resource: pods });
    const trimmed = registry.acquire({ resource: pods, transform: trim });
    const trimmedAgain = registry.acquire({ resource: { ...pods }, transform: trim });
    const different = registry.acquire({ resource: pods, transform: other });
    expect(trimmedAgain.informer).toBe(trimmed.informer);
    expect(new Set([plain.informer, trimmed.informer, different.informer]).size).toBe(3);
    await flushMicrotasks();
    expect(session.openWatches()).toBe(3);
    registry.stopAll();
  });
});
