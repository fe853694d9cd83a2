import { describe, expect, it } from 'vitest';
import { ManualClock, flushMicrotasks } from '../../clock';
import type { FlotillaError } from '../../errors';
import type { KubeObject } from '../../informer/kube-object';
import { Reflector, type ReflectorOptions } from '../../informer/reflector';
import type { ObjectEvent } from '../../informer/watch-event';
import { FakeListWatcher, failure, gone, line, pod } from './fake-list-watcher';

function setup(options: Partial<ReflectorOptions> = {}) {
  const clock = new ManualClock(1_000_000);
  const lw = new FakeListWatcher();
  const replaced: Array<{ names: string[]; version: string }> = [];
  const applied: ObjectEvent[] = [];
  const errors: Array<{ error: FlotillaError; retryInMs: number | null }> = [];
  let healthy = 0;
  const reflector = new Reflector({
    listWatcher: lw,
    sink: {
      replace: (items: KubeObject[], version) =>
        replaced.push({ names: items.map((i) => i.metadata.name), version }),
      apply: (event) => applied.push(event),
    },
    clusterId: 'c1',
    clusterName: 'one',
    description: 'pods',
    clock,
    random: () => 0,
    onHealthy: () => healthy++,
    onError: (error, retryInMs) => errors.push({ error, retryInMs }),
    ...options,
  });
  const settle = () => flushMicrotasks();
  /** Time until the pending backoff timer fires. */
  const pendingDelay = () => (clock.nextDueAt() ?? Number.NaN) - clock.now();
  return { clock, lw, reflector, replaced, applied, errors, healthy: () => healthy, settle, pendingDelay };
}

describe('Reflector', () => {
  it('lists in pages of 500 with continue, then watches from the list version with bookmarks', async () => {
    const t = setup({ random: () => 0.5 });
    t.lw.objects = Array.from({ length: 1200 }, (_, i) => pod(`p${String(i).padStart(4, '0')}`, String(i)));
    t.reflector.start();
    await t.settle();
    expect(t.lw.lists.map((l) => [l.options.limit, l.options.continue])).toEqual([
      [500, undefined],
      [500, '500'],
      [500, '1000'],
    ]);
    expect(t.replaced).toHaveLength(1);
    expect(t.replaced[0]?.names).toHaveLength(1200);
    expect(t.lw.lastWatch.options).toEqual({
      resourceVersion: '100',
      allowWatchBookmarks: true,
      timeoutSeconds: 450,
      idleTimeoutMs: 150_000,
    });
    expect(t.healthy()).toBe(2);
    t.reflector.stop();
  });

  it('draws each watch timeout between 5 and 10 minutes', async () => {
    const draws = [0, 0.999];
    const t = setup({ random: () => draws.shift() ?? 0 });
    t.reflector.start();
    await t.settle();
    expect(t.lw.lastWatch.options.timeoutSeconds).toBe(300);
    await t.clock.advanceAsync(300_000);
    t.lw.lastWatch.end();
    await t.settle();
    expect(t.lw.watches[1]?.options.timeoutSeconds).toBe(599);
    t.reflector.stop();
  });

  it('backs off 0.8 s doubling to 30 s, and starts over after 2 minutes without failure', async () => {
    const t = setup();
    for (let i = 0; i < 8; i++) t.lw.listAnswers.push(failure('server', { status: 503 }));
    t.reflector.start();
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      await t.settle();
      delays.push(t.pendingDelay());
      await t.clock.advanceAsync(t.pendingDelay());
    }
    expect(delays).toEqual([800, 1600, 3200, 6400, 12_800, 25_600, 30_000, 30_000]);
    expect(t.errors.map((e) => e.retryInMs)).toEqual(delays);
    expect(t.errors.every((e) => e.error.kind === 'server')).toBe(true);
    // Listed and watching now; healthy for two minutes, then the watch breaks.
    await t.settle();
    expect(t.lw.watches).toHaveLength(1);
    await t.clock.advanceAsync(120_000);
    t.lw.lastWatch.fail(failure('transport'));
    await t.settle();
    expect(t.pendingDelay()).toBe(800);
    t.reflector.stop();
  });

  it('applies jitter of up to +100 %', async () => {
    const t = setup({ random: () => 0.5 });
    t.lw.listAnswers.push(failure('server'));
    t.reflector.start();
    await t.settle();
    expect(t.pendingDelay()).toBe(1200);
    t.reflector.stop();
  });

  it('resumes from the last event or bookmark version after a break', async () => {
    const t = setup();
    t.reflector.start();
    await t.settle();
    t.lw.lastWatch.send(
      line('ADDED', pod('a', '101')),
      line('BOOKMARK', { metadata: { resourceVersion: '150' } }),
    );
    await t.settle();
    expect(t.reflector.resourceVersion).toBe('150');
    t.lw.lastWatch.fail(failure('transport'));
    await t.settle();
    await t.clock.advanceAsync(t.pendingDelay());
    expect(t.lw.watches[1]?.options.resourceVersion).toBe('150');
    expect(t.lw.lists).toHaveLength(1);
    expect(t.applied.map((e) => e.object.metadata.name)).toEqual(['a']);
    t.reflector.stop();
  });

  it('re-watches at once after a watch that lasted its timeout, after the backoff when cut early', async () => {
    const t = setup();
    t.reflector.start();
    await t.settle();
    await t.clock.advanceAsync(300_000);
    t.lw.lastWatch.end();
    await t.settle();
    expect(t.lw.watches).toHaveLength(2);
    t.lw.lastWatch.end();
    await t.settle();
    expect(t.lw.watches).toHaveLength(2);
    expect(t.pendingDelay()).toBe(800);
    expect(t.errors).toEqual([]);
    t.reflector.stop();
  });

  it('relists from scratch at once on an Expired ERROR event and on an HTTP 410', async () => {
    const t = setup();
    t.reflector.start();
    await t.settle();
    t.lw.lastWatch.send(line('ERROR', { kind: 'Status', code: 410, reason: 'Expired', message: 'too old' }));
    await t.settle();
    expect(t.lw.lists).toHaveLength(2);
    expect(t.lw.lists[1]?.options.resourceVersion).toBeUndefined();
    expect(t.errors).toEqual([]);
    // An HTTP 410 when opening the watch is the same thing.
    t.lw.watchAnswers.push(gone());
    t.lw.lastWatch.send(line('BOOKMARK', { metadata: { resourceVersion: '120' } }));
    t.lw.lastWatch.fail(failure('transport'));
    await t.settle();
    await t.clock.advanceAsync(t.pendingDelay());
    expect(t.lw.lists).toHaveLength(3);
    expect(t.replaced).toHaveLength(3);
    t.reflector.stop();
  });

  it('backs off when the relist expires again at once', async () => {
    const t = setup();
    t.lw.watchAnswers.push(gone(), gone());
    t.reflector.start();
    await t.settle();
    expect(t.lw.lists).toHaveLength(2);
    expect(t.pendingDelay()).toBe(800);
    t.reflector.stop();
  });

  it('restarts a paginated list whose continue token expired', async () => {
    const t = setup();
    t.lw.objects = Array.from({ length: 3 }, (_, i) => pod(`p${i}`, String(i)));
    t.reflector = new Reflector({ ...reflectorOptionsOf(t), pageSize: 2 });
    t.lw.listAnswers.push(
      { metadata: { resourceVersion: '90', continue: 'stale' }, items: [pod('old', '1')] },
      gone(),
    );
    t.reflector.start();
    await t.settle();
    expect(t.lw.lists.map((l) => l.options.continue)).toEqual([undefined, 'stale', undefined, '2']);
    expect(t.replaced).toEqual([{ names: ['p0', 'p1', 'p2'], version: '100' }]);
    t.reflector.stop();
  });

  it('ends a watch on a garbage line with malformed-response and resumes from the last good version', async () => {
    const t = setup();
    t.reflector.start();
    await t.settle();
    t.lw.lastWatch.send(line('ADDED', pod('a', '101')), '{"type":"MODIFIED","object":{"metad\u0000<garbage');
    await t.settle();
    expect(t.lw.watches[0]?.closed).toBe(true);
    expect(t.errors[0]?.error.kind).toBe('malformed-response');
    expect(t.errors[0]?.error.message).not.toContain('garbage');
    await t.clock.advanceAsync(t.pendingDelay());
    expect(t.lw.watches[1]?.options.resourceVersion).toBe('101');
    t.reflector.stop();
  });

  it('stop() cancels an in-flight list', async () => {
    const t = setup();
    t.lw.listAnswers.push('hang');
    t.reflector.start();
    await t.settle();
    t.reflector.stop();
    expect(t.lw.lists[0]?.signal.aborted).toBe(true);
    await t.settle();
    expect(t.errors).toEqual([]);
    expect(t.clock.pendingTimers).toBe(0);
  });

  it('stop() cancels a connecting watch', async () => {
    const t = setup();
    t.lw.watchAnswers.push('hang');
    t.reflector.start();
    await t.settle();
    expect(t.lw.watchSignals).toHaveLength(1);
    t.reflector.stop();
    expect(t.lw.watchSignals[0]?.aborted).toBe(true);
    await t.settle();
    expect(t.errors).toEqual([]);
  });

  it('stop() cancels a pending retry and an open watch', async () => {
    const t = setup();
    t.lw.listAnswers.push(failure('server'));
    t.reflector.start();
    await t.settle();
    expect(t.clock.pendingTimers).toBe(1);
    t.reflector.stop();
    expect(t.clock.pendingTimers).toBe(0);
    await t.clock.advanceAsync(60_000);
    expect(t.lw.lists).toHaveLength(1);

    const open = setup();
    open.reflector.start();
    await open.settle();
    open.reflector.stop();
    await open.settle();
    expect(open.lw.lastWatch.closed).toBe(true);
    expect(open.clock.pendingTimers).toBe(0);
  });

  it('gives up only when the session underneath is gone (cancelled without stop)', async () => {
    const t = setup();
    t.lw.listAnswers.push(failure('cancelled'));
    t.reflector.start();
    await t.settle();
    expect(t.errors.map((e) => [e.error.kind, e.retryInMs])).toEqual([['cancelled', null]]);
    expect(t.reflector.isStopped).toBe(true);
    expect(t.clock.pendingTimers).toBe(0);
  });

  it('survives a sink that throws: the watch restarts from the last applied version', async () => {
    const t = setup();
    let fail = true;
    t.reflector = new Reflector({
      ...reflectorOptionsOf(t),
      sink: {
        replace: () => {},
        apply: () => {
          if (fail) throw new Error('handler bug');
        },
      },
    });
    t.reflector.start();
    await t.settle();
    t.lw.lastWatch.send(line('ADDED', pod('a', '101')));
    await t.settle();
    expect(t.errors[0]?.error.kind).toBe('transport');
    fail = false;
    await t.clock.advanceAsync(t.pendingDelay());
    expect(t.lw.watches[1]?.options.resourceVersion).toBe('100');
    t.reflector.stop();
  });
});

function reflectorOptionsOf(t: ReturnType<typeof setup>): ReflectorOptions {
  return {
    listWatcher: t.lw,
    sink: {
      replace: (items, version) => t.replaced.push({ names: items.map((i) => i.metadata.name), version }),
      apply: (event) => t.applied.push(event),
    },
    clusterId: 'c1',
    clock: t.clock,
    random: () => 0,
    onError: (error, retryInMs) => t.errors.push({ error, retryInMs }),
  };
}
