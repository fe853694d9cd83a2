import { describe, expect, it } from 'vitest';
import { ManualClock, flushMicrotasks } from '../../clock';
import { FleetStore } from '../../fleet-store/fleet-store';
import { timeoutScheduler } from '../../fleet-store/scheduler';
import { authError, newStore, pod } from './fixtures';

describe('watchQuery', () => {
  it('batches many writes in one tick into one notification', async () => {
    const { store } = newStore();
    const observer = store.watchQuery({ kind: 'Pod' });
    let notified = 0;
    observer.subscribe(() => notified++);
    for (let i = 0; i < 1_000; i++) store.upsert('a', 'alpha', 'Pod', pod({ name: `p-${i}` }));
    expect(notified).toBe(0);
    await flushMicrotasks();
    expect(notified).toBe(1);
    expect(observer.getSnapshot().items).toHaveLength(1_000);
  });

  it('batches over a clock window, so a steady stream notifies once per window', () => {
    const clock = new ManualClock(0);
    const store = new FleetStore({ clock, scheduler: timeoutScheduler(100, clock) });
    const observer = store.watchQuery({ kind: 'Pod' });
    let notified = 0;
    observer.subscribe(() => notified++);
    // 1,000 events spread over one second, one per millisecond.
    for (let i = 0; i < 1_000; i++) {
      store.upsert('a', 'alpha', 'Pod', pod({ name: `p-${i}` }));
      clock.advance(1);
    }
    clock.advance(100);
    expect(notified).toBe(10);
    expect(observer.getSnapshot().items).toHaveLength(1_000);
  });

  it('keeps the snapshot referentially stable until the result changes', async () => {
    const { store } = newStore();
    store.replace('a', 'alpha', 'Pod', [pod({ name: 'web', labels: { app: 'web' } })]);
    const observer = store.watchQuery({ kind: 'Pod', labelSelector: 'app=web' });
    let notified = 0;
    observer.subscribe(() => notified++);
    const first = observer.getSnapshot();
    expect(observer.getSnapshot()).toBe(first);

    store.upsert('a', 'alpha', 'Pod', pod({ name: 'other', labels: { app: 'api' } }));
    store.upsert('a', 'alpha', 'apps/Deployment', { ...pod({ name: 'd' }), apiVersion: 'apps/v1' });
    await flushMicrotasks();
    expect(observer.getSnapshot()).toBe(first);
    expect(notified).toBe(0);

    store.upsert('a', 'alpha', 'Pod', pod({ name: 'web', rv: '2', labels: { app: 'web' } }));
    expect(observer.getSnapshot()).toBe(first);
    await flushMicrotasks();
    const second = observer.getSnapshot();
    expect(second).not.toBe(first);
    expect(notified).toBe(1);
    expect(observer.getSnapshot()).toBe(second);
  });

  it('notifies on sync state changes and cluster arrival or removal', async () => {
    const { store } = newStore();
    store.replace('a', 'alpha', 'Pod', []);
    const observer = store.watchQuery({ kind: 'Pod' });
    const seen: string[] = [];
    observer.subscribe((result) =>
      seen.push(result.clusters.map((c) => `${c.clusterId}:${c.status}`).join(',')),
    );
    store.setSyncState('a', 'alpha', 'Pod', 'error', authError('a'));
    await flushMicrotasks();
    store.replace('b', 'beta', 'apps/Deployment', []);
    await flushMicrotasks();
    store.removeCluster('b');
    await flushMicrotasks();
    expect(seen).toEqual(['a:error', 'a:error,b:syncing', 'a:error']);
  });

  it('without listeners, reads the latest state lazily and stops listening to the store', async () => {
    const { store } = newStore();
    const observer = store.watchQuery({ kind: 'Pod' });
    expect(observer.getSnapshot().items).toHaveLength(0);
    store.upsert('a', 'alpha', 'Pod', pod({ name: 'p' }));
    expect(observer.getSnapshot().items).toHaveLength(1);
    const unsubscribe = observer.subscribe(() => {});
    expect(store.hasListeners()).toBe(true);
    unsubscribe();
    expect(store.hasListeners()).toBe(false);
    await flushMicrotasks();
  });

  it('setQuery swaps the query and notifies only when the result differs', () => {
    const { store } = newStore();
    store.replace('a', 'alpha', 'Pod', [pod({ name: 'p', labels: { app: 'web' } }), pod({ name: 'q' })]);
    const observer = store.watchQuery({ kind: 'Pod' });
    const results: number[] = [];
    observer.subscribe((result) => results.push(result.items.length));
    observer.getSnapshot();
    observer.setQuery({ kind: 'Pod', labelSelector: 'app=web' });
    observer.setQuery({ kind: 'Pod', labelSelector: 'app in (web)' });
    observer.setQuery({ kind: 'Pod', labelSelector: 'app in (web)', groupBy: 'namespace' });
    expect(results).toEqual([1, 1]);
    expect(observer.getQuery().groupBy).toBe('namespace');
  });
});
