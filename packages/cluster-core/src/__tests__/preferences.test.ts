import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { isFlotillaError } from '../errors';
import { ClusterPreferences } from '../preferences/cluster-preferences';
import { credentialReason, preferenceKeyName } from '../preferences/credential-guard';
import { MemoryPreferenceStore, type PreferenceChange } from '../preferences/preference-store';
import {
  WebStoragePreferenceStore,
  type StorageEventLike,
  type StorageEventSource,
  type StorageLike,
} from '../preferences/web-storage-preference-store';

class FakeStorage implements StorageLike {
  readonly items = new Map<string, string>();
  failWrites = false;
  get length() {
    return this.items.size;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    if (this.failWrites) throw new Error('QuotaExceededError');
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

function expectConfigError(fn: () => void): string {
  try {
    fn();
  } catch (error) {
    if (isFlotillaError(error) && error.kind === 'config') return error.message;
    throw error;
  }
  throw new Error('expected a config FlotillaError');
}

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl';
const CREDENTIAL_VALUES: unknown[] = [
  'Bearer abcdefghijklmnop',
  JWT,
  '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----',
  'sha256~abcdefghijklmnopqrstuvwxyz012345',
  { token: 'opaque' },
  [{ nested: { 'client-key-data': 'x' } }],
];

describe.each([
  ['MemoryPreferenceStore', () => new MemoryPreferenceStore()],
  ['WebStoragePreferenceStore', () => new WebStoragePreferenceStore(new FakeStorage(), 'app:')],
])('%s', (_name, create) => {
  it('stores JSON values, lists keys by prefix and notifies subscribers', () => {
    const store = create();
    const changes: PreferenceChange[] = [];
    const unsubscribe = store.subscribe((change) => changes.push(change));
    store.set('fleet:active-cluster', '/home/me/.kube/config:prod');
    store.set('table:columns', { pods: ['name', 'status'] });
    store.set('fleet:recent', ['a', 'b']);
    expect(store.get('table:columns')).toEqual({ pods: ['name', 'status'] });
    expect(store.keys('fleet:').sort()).toEqual(['fleet:active-cluster', 'fleet:recent']);
    store.delete('fleet:recent');
    store.set('table:columns', undefined);
    expect(store.get('fleet:recent')).toBeUndefined();
    expect(store.keys()).toEqual(['fleet:active-cluster']);
    unsubscribe();
    store.set('after', 1);
    expect(changes.map((c) => [c.key, c.value])).toEqual([
      ['fleet:active-cluster', '/home/me/.kube/config:prod'],
      ['table:columns', { pods: ['name', 'status'] }],
      ['fleet:recent', ['a', 'b']],
      ['fleet:recent', undefined],
      ['table:columns', undefined],
    ]);
  });

  it('hands out the same frozen object until the value changes', () => {
    const store = create();
    const listener = vi.fn();
    store.set('filters', { q: 'x' });
    store.subscribe(listener);
    const first = store.get('filters');
    expect(store.get('filters')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    store.set('filters', { q: 'x' });
    expect(store.get('filters')).toBe(first);
    expect(listener).not.toHaveBeenCalled();
    store.set('filters', { q: 'y' });
    expect(store.get('filters')).not.toBe(first);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it.each(CREDENTIAL_VALUES)('refuses a credential-looking value (%#)', (value) => {
    const store = create();
    const message = expectConfigError(() => store.set('innocent', value));
    expect(message).toMatch(/refused to store a credential/);
    expect(store.get('innocent')).toBeUndefined();
  });

  it('refuses credential-looking key names and values JSON cannot carry', () => {
    const store = create();
    for (const key of ['auth-token', 'github:password', 'cluster:client-key', 'oidc:clientSecret']) {
      expectConfigError(() => store.set(key, 'plain'));
    }
    expectConfigError(() => store.set('bad', () => 1));
    expectConfigError(() => store.set('bad', 10n));
    expect(store.keys()).toEqual([]);
  });
});

describe('credential rule', () => {
  it('looks at the key name only, not at the clusterId it is namespaced with', () => {
    expect(preferenceKeyName('pods:unhealthy-filter:/home/me/secrets/kubeconfig:token-ctx')).toBe(
      'pods:unhealthy-filter',
    );
    expect(preferenceKeyName('colour:paste:secret:prod')).toBe('colour');
    expect(preferenceKeyName('colour:manual:my-token-lab')).toBe('colour');
    expect(preferenceKeyName('colour:C:\\Users\\me\\.kube\\config:prod')).toBe('colour');
    expect(preferenceKeyName('fleet:active-cluster')).toBe('fleet:active-cluster');
    const store = new MemoryPreferenceStore();
    store.set('pods:unhealthy-filter:/home/me/secrets/kubeconfig:token-ctx', true);
    store.set('fleet:active-cluster', '/home/me/.kube/password-vault:prod');
    expect(store.keys()).toHaveLength(2);
    expect(
      credentialReason('filters:saved', [
        { name: 'secrets in prod', resource: 'secrets', query: 'type=Opaque' },
      ]),
    ).toBeNull();
  });
});

describe('WebStoragePreferenceStore', () => {
  it('uses its prefix, reads corrupt items as missing and ignores foreign items', () => {
    const storage = new FakeStorage();
    storage.items.set('other-app', 'x');
    storage.items.set('app:broken', '{not json');
    const store = new WebStoragePreferenceStore(storage, 'app:');
    store.set('theme', 'dark');
    expect(storage.items.get('app:theme')).toBe('"dark"');
    expect(store.get('broken')).toBeUndefined();
    expect(store.keys().sort()).toEqual(['broken', 'theme']);
    store.delete('broken');
    expect(storage.items.has('app:broken')).toBe(false);
  });

  it('keeps a value the storage refused for the page and reports it', () => {
    const storage = new FakeStorage();
    const onError = vi.fn();
    const store = new WebStoragePreferenceStore(storage, 'app:', { onError });
    storage.failWrites = true;
    store.set('theme', 'dark');
    expect(store.get('theme')).toBe('dark');
    expect(store.keys()).toEqual(['theme']);
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ kind: 'config' });
  });

  it('passes on changes made by another tab while subscribed', () => {
    const storage = new FakeStorage();
    const handlers = new Set<(event: StorageEventLike) => void>();
    const events: StorageEventSource = {
      addEventListener: (_type, listener) => handlers.add(listener),
      removeEventListener: (_type, listener) => handlers.delete(listener),
    };
    const emit = (event: StorageEventLike) => handlers.forEach((handler) => handler(event));
    const store = new WebStoragePreferenceStore(storage, 'app:', { events });
    expect(handlers.size).toBe(0);
    const changes: PreferenceChange[] = [];
    const unsubscribe = store.subscribe((change) => changes.push(change));
    storage.items.set('app:theme', '"light"');
    emit({ key: 'app:theme', newValue: '"light"', storageArea: storage });
    emit({ key: 'app:theme', newValue: '"light"', storageArea: new FakeStorage() });
    expect(changes).toEqual([{ key: 'theme', value: 'light' }]);
    unsubscribe();
    expect(handlers.size).toBe(0);
  });

  it('accepts the browser window as its event source and localStorage as its storage', () => {
    expectTypeOf<Window>().toExtend<StorageEventSource>();
    expectTypeOf<Storage>().toExtend<StorageLike>();
  });
});

describe('ClusterPreferences', () => {
  const A = '/home/me/.kube/config:prod';
  const B = 'manual:lab';

  it('namespaces every key by clusterId so clusters never share a setting', () => {
    const store = new MemoryPreferenceStore();
    const prefs = new ClusterPreferences(store);
    prefs.forCluster(A).set('pods:unhealthy-filter', true);
    prefs.forCluster(A).set('cluster:groups', ['prod', 'eu']);
    prefs.forCluster(B).set('cluster:colour', '#e11d48');
    expect(store.keys().sort()).toEqual([
      `cluster:colour:${B}`,
      `cluster:groups:${A}`,
      `pods:unhealthy-filter:${A}`,
    ]);
    expect(prefs.forCluster(A).get('pods:unhealthy-filter', false)).toBe(true);
    expect(prefs.forCluster(B).get('pods:unhealthy-filter', false)).toBe(false);
    expect(prefs.forCluster(A).keys().sort()).toEqual(['cluster:groups', 'pods:unhealthy-filter']);
  });

  it('falls back to the default when nothing or a value of another kind is stored', () => {
    const store = new MemoryPreferenceStore({
      [`cluster:labels:${A}`]: 'not an object',
      [`cluster:default-namespace:${A}`]: 'team',
    });
    const scope = new ClusterPreferences(store).forCluster(A);
    expect(scope.get('cluster:labels', {})).toEqual({});
    expect(scope.get('cluster:default-namespace', null)).toBe('team');
    expect(scope.get('filters:saved', [])).toEqual([]);
    expect(scope.get('custom:thing', 3)).toBe(3);
  });

  it('clears and watches one cluster only', () => {
    const prefs = new ClusterPreferences(new MemoryPreferenceStore());
    const seen: Array<{ key: string; value: unknown }> = [];
    prefs.forCluster(A).subscribe((change) => seen.push(change));
    prefs.forCluster(A).set('cluster:colour', 'red');
    prefs.forCluster(B).set('cluster:colour', 'blue');
    prefs.forCluster(A).clear();
    expect(seen).toEqual([
      { key: 'cluster:colour', value: 'red' },
      { key: 'cluster:colour', value: undefined },
    ]);
    expect(prefs.forCluster(B).get('cluster:colour', null)).toBe('blue');
  });

  it('refuses credentials for a cluster too', () => {
    const scope = new ClusterPreferences(new MemoryPreferenceStore()).forCluster(A);
    expectConfigError(() => scope.set('token', 'abc'));
    expectConfigError(() => scope.set('cluster:labels', { note: `Bearer ${JWT}` }));
    expectConfigError(() => scope.set('', 1));
  });
});

describe('preferences are isomorphic', () => {
  const dir = fileURLToPath(new URL('../preferences/', import.meta.url));
  it.each(readdirSync(dir).filter((file) => file.endsWith('.ts')))('%s uses no Node built-ins', (file) => {
    const source = readFileSync(`${dir}/${file}`, 'utf8');
    expect(source).not.toMatch(/from\s+['"](node:|fs|path|os|crypto|events|util)/);
    expect(source).not.toMatch(/\bprocess\.|\bBuffer\b|require\(/);
  });
});
