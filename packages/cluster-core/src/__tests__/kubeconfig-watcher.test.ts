import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writePrivateFile } from '@flotilla/cluster-testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { KubeconfigWatcher, type KubeconfigDiff } from '../node/kubeconfig/kubeconfig-watcher';
import {
  CallbackQueue,
  kubeconfigYaml,
  makeTempDir,
  mergeFixtures,
  simpleContext,
  waitUntil,
} from './helpers/kubeconfig-fixtures';

let dir: string;
let cleanup: () => Promise<void>;
let file: string;
let watcher: KubeconfigWatcher | null = null;
const diffs = new CallbackQueue<KubeconfigDiff>();

const twoContexts = (alphaNamespace = 'a') =>
  kubeconfigYaml(
    mergeFixtures(
      simpleContext('alpha', 'https://alpha.example', 'tok-alpha', alphaNamespace),
      simpleContext('beta', 'https://beta.example', 'tok-beta'),
    ),
  );

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  file = path.join(dir, 'config');
  await writePrivateFile(file, twoContexts());
});

afterEach(async () => {
  watcher?.close();
  watcher = null;
  await cleanup();
});

const ids = (list: ReadonlyArray<{ clusterId: string }>) => list.map((c) => c.clusterId);
const start = async (debounceMs = 40) => {
  watcher = await KubeconfigWatcher.start(file, { onChange: diffs.push, debounceMs });
  return watcher;
};

describe('KubeconfigWatcher', () => {
  it('starts from the current files', async () => {
    const w = await start();
    expect(ids(w.clusters())).toEqual([`${file}:alpha`, `${file}:beta`]);
    expect(w.errors()).toEqual([]);
  });

  it('reports only the context whose content changed, after an editor-style rename save', async () => {
    await start();
    await writePrivateFile(file, twoContexts('changed'));
    const diff = await diffs.next('the change');
    expect(ids(diff.changed)).toEqual([`${file}:alpha`]);
    expect(diff.changed[0]?.namespace).toBe('changed');
    expect([diff.added, diff.removed, diff.errors]).toEqual([[], [], []]);
  });

  it('reports a new context as added, and a second change to the replaced file too', async () => {
    await start();
    const gamma = simpleContext('gamma', 'https://gamma.example', 'tok-gamma');
    await writePrivateFile(
      file,
      kubeconfigYaml(
        mergeFixtures(
          simpleContext('alpha', 'https://alpha.example', 'tok-alpha', 'a'),
          simpleContext('beta', 'https://beta.example', 'tok-beta'),
          gamma,
        ),
      ),
    );
    expect(ids((await diffs.next('the addition')).added)).toEqual([`${file}:gamma`]);
    await writeFile(
      file,
      kubeconfigYaml(
        mergeFixtures(
          simpleContext('alpha', 'https://alpha.example', 'tok-alpha', 'a'),
          simpleContext('beta', 'https://beta.example', 'tok-rotated'),
          gamma,
        ),
      ),
    );
    expect(ids((await diffs.next('the in-place change')).changed)).toEqual([`${file}:beta`]);
  });

  it('keeps the clusters of a half-written file and picks up the full file afterwards', async () => {
    const w = await start();
    await writeFile(file, 'apiVersion: v1\nclusters:\n- name: alpha\n  cluster: {server: "https://al');
    const broken = await diffs.next('the parse error');
    expect(broken.errors.map((e) => [e.source, e.error.kind])).toEqual([[file, 'config']]);
    expect([broken.added, broken.changed, broken.removed]).toEqual([[], [], []]);
    expect(ids(w.clusters())).toEqual([`${file}:alpha`, `${file}:beta`]);

    // The writer finishes the same content: nothing changed, and the problem is cleared.
    await writeFile(file, twoContexts());
    const completed = await diffs.next('the completed file');
    expect([completed.added, completed.changed, completed.removed, completed.errors]).toEqual([
      [],
      [],
      [],
      [],
    ]);
    expect(w.errors()).toEqual([]);

    await writeFile(file, 'garbage: [');
    await diffs.next('the second parse error');
    await writeFile(file, twoContexts('fixed'));
    const repaired = await diffs.next('the repaired file');
    expect(ids(repaired.changed)).toEqual([`${file}:alpha`]);
    expect([repaired.removed, repaired.errors]).toEqual([[], []]);
  });

  it('removes a context once the file parses without it', async () => {
    await start();
    await writePrivateFile(
      file,
      kubeconfigYaml(simpleContext('alpha', 'https://alpha.example', 'tok-alpha', 'a')),
    );
    const diff = await diffs.next('the removal');
    expect(diff.removed).toEqual([`${file}:beta`]);
    expect([diff.added, diff.changed]).toEqual([[], []]);
  });

  it('removes every cluster of a deleted file, and adds them back when it returns', async () => {
    const w = await start();
    await rm(file);
    expect((await diffs.next('the removal')).removed.sort()).toEqual([`${file}:alpha`, `${file}:beta`]);
    expect(w.clusters()).toEqual([]);
    await writePrivateFile(file, twoContexts());
    expect(ids((await diffs.next('the re-creation')).added)).toEqual([`${file}:alpha`, `${file}:beta`]);
  });

  it('watches a listed file that does not exist yet in an existing directory', async () => {
    const later = path.join(dir, 'later');
    watcher = await KubeconfigWatcher.start([file, later].join(path.delimiter), {
      onChange: diffs.push,
      debounceMs: 40,
    });
    await writePrivateFile(later, kubeconfigYaml(simpleContext('late', 'https://late.example', 'tok-late')));
    expect(ids((await diffs.next('the new file')).added)).toEqual([`${later}:late`]);
  });
});

describe('KubeconfigWatcher with a manual clock', () => {
  it('re-reads only after the debounce, once for a burst of writes, and close() cancels it', async () => {
    const clock = new ManualClock(0);
    watcher = await KubeconfigWatcher.start(file, { onChange: diffs.push, debounceMs: 500, clock });
    await writeFile(file, twoContexts('first'));
    await writeFile(file, twoContexts('second'));
    await waitUntil(() => clock.pendingTimers > 0, 'a file event');
    clock.advance(499);
    expect(diffs.size).toBe(0);
    clock.advance(1);
    const diff = await diffs.next('the debounced change');
    expect(diff.changed.map((c) => c.namespace)).toEqual(['second']);

    await writeFile(file, twoContexts('third'));
    await waitUntil(() => clock.pendingTimers > 0, 'another file event');
    watcher.close();
    expect(clock.pendingTimers).toBe(0);
  });

  it('removes nothing when a file is truncated, then caught half-written, then completed', async () => {
    const clock = new ManualClock(0);
    const seen: KubeconfigDiff[] = [];
    watcher = await KubeconfigWatcher.start(file, {
      onChange: (diff) => seen.push(diff),
      debounceMs: 500,
      clock,
    });
    // Reads are driven by refresh() here; file events only arm timers of the manual clock.
    await writeFile(file, '');
    await watcher.refresh();
    await writeFile(file, 'apiVersion: v1\nclusters: [');
    clock.advance(600);
    await watcher.refresh();
    expect(seen.at(-1)?.errors).toHaveLength(1);
    await writeFile(file, twoContexts());
    await watcher.refresh();
    expect(seen.flatMap((diff) => diff.removed)).toEqual([]);
    expect(seen.at(-1)).toEqual({ added: [], changed: [], removed: [], errors: [] });
    expect(ids(watcher.clusters())).toEqual([`${file}:alpha`, `${file}:beta`]);
  });
});
