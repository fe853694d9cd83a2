import type { ClusterQueryStatus, ClusterSnapshot, FleetStoreItem } from '@flotilla/cluster-core';
import { fixtureCluster } from '@flotilla/cluster-testkit/fixtures';
import { describe, expect, it } from 'vitest';
import { clusterColour } from '../core/cluster-colour';
import { summarizeClusterStatus } from '../core/cluster-status';
import { formatAge, formatBytes, formatCountdown } from '../core/format';
import { stableKey } from '../core/stable-key';
import { switcherRows, typeaheadMatch } from '../core/switcher-rows';
import { tableRows, tableRowsReusing } from '../core/table-rows';

describe('stableKey', () => {
  it('is equal for equal content whatever the key order, and differs otherwise', () => {
    expect(stableKey({ kind: 'pods', clusters: ['a', 'b'], namespace: 'x' })).toBe(
      stableKey({ namespace: 'x', kind: 'pods', clusters: ['a', 'b'] }),
    );
    expect(stableKey({ kind: 'pods', clusters: ['a', 'b'] })).not.toBe(
      stableKey({ kind: 'pods', clusters: ['b', 'a'] }),
    );
    expect(stableKey(undefined)).toBe('undefined');
  });
});

describe('summarizeClusterStatus', () => {
  const cluster = (patch: Partial<ClusterSnapshot>) => ({ ...fixtureCluster({ id: 'a' }), ...patch });
  it('names the most severe axis first', () => {
    expect(summarizeClusterStatus(cluster({})).label).toBe('Healthy');
    expect(summarizeClusterStatus(cluster({ health: 'degraded' })).label).toBe('Degraded');
    expect(summarizeClusterStatus(cluster({ health: 'degraded', auth: 'invalid' })).label).toBe(
      'Auth failed',
    );
    expect(summarizeClusterStatus(cluster({ auth: 'invalid', connection: 'disconnected' })).label).toBe(
      'Disconnected',
    );
    expect(summarizeClusterStatus(cluster({ auth: 'recovering' }))).toMatchObject({
      tone: 'warning',
      label: 'Recovering auth',
    });
    expect(summarizeClusterStatus(cluster({ health: 'unknown' })).label).toBe('Checking');
    expect(summarizeClusterStatus(cluster({ connection: 'idle' })).tone).toBe('offline');
    expect(summarizeClusterStatus(cluster({})).description).toBe(
      'connection connected, auth valid, health healthy',
    );
  });
});

describe('formatting', () => {
  it('formats ages like kubectl, countdowns and binary sizes', () => {
    const now = Date.parse('2025-01-15T12:00:00Z');
    expect(formatAge('2025-01-15T11:59:15Z', now)).toBe('45s');
    expect(formatAge('2025-01-15T11:52:48Z', now)).toBe('7m12s');
    expect(formatAge('2025-01-15T11:00:00Z', now)).toBe('60m');
    expect(formatAge('2025-01-15T06:30:00Z', now)).toBe('5h30m');
    expect(formatAge('2025-01-14T16:00:00Z', now)).toBe('20h');
    expect(formatAge('2025-01-12T08:00:00Z', now)).toBe('3d4h');
    expect(formatAge('2025-01-03T12:00:00Z', now)).toBe('12d');
    expect(formatAge(undefined, now)).toBe('');
    expect(formatCountdown(now + 42_000, now)).toBe('42 s');
    expect(formatCountdown(now + 125_000, now)).toBe('2 min 05 s');
    expect(formatCountdown(now - 1, now)).toBe('now');
    expect(formatBytes(48 * 1024 ** 3)).toBe('48.0 GiB');
    expect(formatBytes(512)).toBe('512 B');
  });

  it('picks a stable colour per cluster id unless the user chose one', () => {
    expect(clusterColour('prod-eu')).toBe(clusterColour('prod-eu'));
    expect(clusterColour('prod-eu', '#123456')).toBe('#123456');
  });
});

describe('switcherRows', () => {
  const clusters = ['prod-10', 'prod-2', 'dev', 'staging'].map((id) => fixtureCluster({ id }));
  const groups: Record<string, string> = {
    'prod-10': 'production',
    'prod-2': 'production',
    staging: 'staging',
  };

  it('sorts by name naturally without groups', () => {
    const rows = switcherRows(clusters, { search: '', groupOf: null, ungroupedLabel: 'Other' });
    expect(rows.map((row) => row.key)).toEqual(['dev', 'prod-2', 'prod-10', 'staging']);
  });

  it('puts group headers before members, ungrouped last, and searches names and groups', () => {
    const groupOf = (c: ClusterSnapshot) => groups[c.clusterId];
    const rows = switcherRows(clusters, { search: '', groupOf, ungroupedLabel: 'Other' });
    expect(rows.map((row) => (row.type === 'group' ? `[${row.label}]` : row.key))).toEqual([
      '[production]',
      'prod-2',
      'prod-10',
      '[staging]',
      'staging',
      '[Other]',
      'dev',
    ]);
    const found = switcherRows(clusters, { search: 'PRODUCTION', groupOf, ungroupedLabel: 'Other' });
    expect(found.filter((row) => row.type === 'option').map((row) => row.key)).toEqual(['prod-2', 'prod-10']);
  });

  it('cycles through names starting with a repeated letter when typing ahead', () => {
    const rows = switcherRows(clusters, { search: '', groupOf: null, ungroupedLabel: 'Other' });
    expect(typeaheadMatch(rows, 'p', -1)).toBe(1);
    expect(typeaheadMatch(rows, 'pp', 1)).toBe(2);
    expect(typeaheadMatch(rows, 'pr', 1)).toBe(1);
    expect(typeaheadMatch(rows, 'x', 0)).toBe(-1);
  });
});

describe('tableRows', () => {
  const item = (clusterId: string, name: string, namespace = 'default'): FleetStoreItem => ({
    clusterId,
    clusterName: clusterId,
    kind: 'Pod',
    object: { metadata: { name, namespace } },
  });
  const status = (clusterId: string, s: ClusterQueryStatus['status'], count = 0): ClusterQueryStatus => ({
    clusterId,
    clusterName: clusterId,
    status: s,
    count,
    since: 0,
  });
  const columns = [{ id: 'name', value: (i: FleetStoreItem) => i.object.metadata.name }];
  const items = [item('a', 'node-10'), item('a', 'node-2'), item('b', 'node-1', 'kube-system')];
  const clusters = [status('a', 'ok', 2), status('b', 'ok', 1), status('c', 'syncing')];

  it('puts rows of clusters that are not ok first when ungrouped', () => {
    const rows = tableRows({ items, clusters, columns, filter: '', sort: null, groupBy: 'none' });
    expect(rows.map((row) => row.key.split('\u0000').join('/'))).toEqual([
      'status:c',
      'a/default/node-10',
      'a/default/node-2',
      'b/kube-system/node-1',
    ]);
  });

  it('sorts naturally, keeps ties in view order and filters case-insensitively', () => {
    const sorted = tableRows({
      items,
      clusters: [],
      columns,
      filter: '',
      sort: { columnId: 'name', direction: 'asc' },
      groupBy: 'none',
    });
    expect(sorted.map((row) => (row.type === 'item' ? row.item.object.metadata.name : row.key))).toEqual([
      'node-1',
      'node-2',
      'node-10',
    ]);
    const filtered = tableRows({
      items,
      clusters: [],
      columns,
      filter: 'NODE-1',
      sort: null,
      groupBy: 'none',
    });
    expect(filtered).toHaveLength(2);
  });

  it('groups by namespace with cluster status rows above the groups', () => {
    const rows = tableRows({ items, clusters, columns, filter: '', sort: null, groupBy: 'namespace' });
    expect(rows.map((row) => (row.type === 'group' ? `[${row.label} ${row.count}]` : row.type))).toEqual([
      'cluster-status',
      '[default 2]',
      'item',
      'item',
      '[kube-system 1]',
      'item',
    ]);
  });

  it('reuses the previous rows of unchanged items and makes new ones for changed items', () => {
    const rowsOf = tableRowsReusing();
    const input = { items, clusters: [], columns, filter: '', sort: null, groupBy: 'none' as const };
    const first = rowsOf(input);
    const changed = item('a', 'node-2');
    const second = rowsOf({
      ...input,
      items: [items[0] as FleetStoreItem, changed, items[2] as FleetStoreItem],
    });
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1]).toMatchObject({ type: 'item', item: changed, key: first[1]?.key });
    expect(second[2]).toBe(first[2]);
    expect(tableRows(input)[0]).not.toBe(first[0]);
  });

  it('reuses rows across calls of one tableRowsReusing, grouped or not', () => {
    const rowsOf = tableRowsReusing();
    const input = { items, clusters, columns, filter: '', sort: null, groupBy: 'cluster' as const };
    const first = rowsOf(input);
    const second = rowsOf({ ...input, items: [...items] });
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
    second.forEach((row, i) => row.type === 'item' && expect(row).toBe(first[i]));
    expect(second.map((row) => row.type)).toEqual([
      'group',
      'item',
      'item',
      'group',
      'item',
      'group',
      'cluster-status',
    ]);
  });
});
