import { existsSync } from 'node:fs';
import { readdir, readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../clock';
import { flotillaConfigDir } from '../node/config-dir';
import { FilePreferenceStore, type PreferenceRecovery } from '../node/file-preference-store';
import { ClusterPreferences } from '../preferences/cluster-preferences';
import { makeTempDir } from './helpers/kubeconfig-fixtures';

let dir: string;
let cleanup: () => Promise<void>;
let file: string;
beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  file = path.join(dir, 'flotilla', 'preferences.json');
});
afterEach(() => cleanup());

async function writeExisting(text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
}

describe('FilePreferenceStore', () => {
  it('writes a private schema-1 file after the debounce and reads it back', async () => {
    const clock = new ManualClock(0);
    const store = new FilePreferenceStore({ path: file, clock, debounceMs: 250 });
    expect(store.recovery).toBeNull();
    new ClusterPreferences(store).forCluster('manual:lab').set('cluster:colour', 'teal');
    store.set('fleet:active-cluster', 'manual:lab');
    expect(clock.pendingTimers).toBe(1);
    expect(existsSync(file)).toBe(false);
    clock.advance(250);
    await store.flush();
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      schemaVersion: 1,
      values: { 'cluster:colour:manual:lab': 'teal', 'fleet:active-cluster': 'manual:lab' },
    });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);

    const reopened = new FilePreferenceStore({ path: file });
    expect(reopened.get('fleet:active-cluster')).toBe('manual:lab');
    expect(reopened.keys()).toEqual(['cluster:colour:manual:lab', 'fleet:active-cluster']);
  });

  it('flush() writes pending changes at once and leaves no temporary file', async () => {
    const clock = new ManualClock(0);
    const store = new FilePreferenceStore({ path: file, clock });
    store.set('a', 1);
    await store.flush();
    expect(clock.pendingTimers).toBe(0);
    store.delete('a');
    await store.flush();
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ schemaVersion: 1, values: {} });
    expect(await readdir(path.dirname(file))).toEqual(['preferences.json']);
  });

  it.each([
    ['not JSON', '{"schemaVersion": 1, "values": {'],
    ['not a preferences file', '[1, 2, 3]'],
    ['a newer schema', '{"schemaVersion": 2, "values": {"a": 1}}'],
    ['a missing schema', '{"values": {"a": 1}}'],
  ])('moves %s aside, reports it and starts empty', async (_what, text) => {
    await writeExisting(text);
    const onRecover = vi.fn<(recovery: PreferenceRecovery) => void>();
    const store = new FilePreferenceStore({
      path: file,
      clock: new ManualClock(1_700_000_000_000),
      onRecover,
    });
    const aside = `${file}.corrupt-1700000000000`;
    expect(store.recovery?.movedTo).toBe(aside);
    expect(store.recovery?.error.kind).toBe('config');
    expect(onRecover).toHaveBeenCalledWith(store.recovery);
    expect(await readFile(aside, 'utf8')).toBe(text);
    expect(existsSync(file)).toBe(false);
    expect(store.keys()).toEqual([]);
    store.set('fresh', true);
    await store.flush();
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ schemaVersion: 1, values: { fresh: true } });
  });

  it('reports a failed write and retries with the next change', async () => {
    // A directory where the file should be makes the rename fail.
    await mkdir(file, { recursive: true });
    const onError = vi.fn();
    const store = new FilePreferenceStore({
      path: file,
      onError,
      onRecover: () => undefined,
      clock: new ManualClock(0),
    });
    store.set('a', 1);
    await store.flush();
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ kind: 'config', retryable: true });
    expect(store.get('a')).toBe(1);
  });
});

describe('flotillaConfigDir', () => {
  it('follows XDG_CONFIG_HOME, then APPDATA on Windows, then ~/.config', () => {
    expect(flotillaConfigDir({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/me')).toBe(
      path.join('/xdg', 'flotilla'),
    );
    expect(flotillaConfigDir({ XDG_CONFIG_HOME: 'relative' }, 'linux', '/home/me')).toBe(
      path.join('/home/me', '.config', 'flotilla'),
    );
    expect(flotillaConfigDir({ APPDATA: '/appdata' }, 'win32', '/home/me')).toBe(
      path.join('/appdata', 'flotilla'),
    );
    expect(flotillaConfigDir({}, 'darwin', '/Users/me')).toBe(path.join('/Users/me', '.config', 'flotilla'));
  });
});
