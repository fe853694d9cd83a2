import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clustersInGroup } from '../fleet/groups';
import { clusterLabels, globPattern, selectClusters, splitList } from '../fleet/select-clusters';
import { formatMs, parseDuration, parsePositiveInteger } from '../options/duration';
import { exitCodeFor } from '../exit-codes';
import { UsageError } from '../usage-error';

const known = [
  { clusterId: '/a/config:prod-eu', clusterName: 'prod-eu' },
  { clusterId: '/a/config:prod-us', clusterName: 'prod-us' },
  { clusterId: '/a/config:staging', clusterName: 'staging' },
  { clusterId: '/b/config:staging', clusterName: 'staging' },
];
const names = (list: typeof known) => list.map((c) => c.clusterId);

describe('cluster selection', () => {
  it('keeps everything without a selection, in kubeconfig order', () => {
    expect(names(selectClusters(known, {}))).toEqual(names(known));
  });

  it('matches names, ids and globs; a name shared by two files selects both', () => {
    expect(names(selectClusters(known, { clusters: ['prod-*'] }))).toEqual([
      '/a/config:prod-eu',
      '/a/config:prod-us',
    ]);
    expect(names(selectClusters(known, { clusters: ['staging'] }))).toEqual([
      '/a/config:staging',
      '/b/config:staging',
    ]);
    expect(names(selectClusters(known, { context: '/b/config:staging' }))).toEqual(['/b/config:staging']);
    expect(names(selectClusters(known, { clusters: ['prod-u?', 'staging'] }))).toEqual([
      '/a/config:prod-us',
      '/a/config:staging',
      '/b/config:staging',
    ]);
  });

  it('refuses a name that matches nothing, listing what exists', () => {
    expect(() => selectClusters(known, { clusters: ['prod-eu', 'prod-ap'] })).toThrow(
      new UsageError(
        'unknown cluster "prod-ap": no kubeconfig context has that name or id (known: prod-eu, prod-us, staging)',
      ),
    );
    expect(() => selectClusters(known, { clusters: [] })).toThrow(UsageError);
  });

  it('labels clusters by name, with the id where two share a name', () => {
    expect([...clusterLabels(known).values()]).toEqual([
      'prod-eu',
      'prod-us',
      'staging (/a/config:staging)',
      'staging (/b/config:staging)',
    ]);
  });

  it('treats only * and ? as special in globs', () => {
    expect(globPattern('a.b*').test('a.b-1')).toBe(true);
    expect(globPattern('a.b*').test('axb-1')).toBe(false);
    expect(splitList(' a, b,,c ')).toEqual(['a', 'b', 'c']);
  });
});

describe('cluster groups from Flotilla preferences', () => {
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'flotilla-groups-'));
    file = join(dir, 'preferences.json');
    await writeFile(
      file,
      JSON.stringify({
        schemaVersion: 1,
        values: {
          'cluster:groups:/a/config:prod-eu': ['prod'],
          'cluster:groups:/a/config:prod-us': ['prod', 'us'],
          'cluster:colour:/a/config:staging': '#fff',
        },
      }),
    );
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('selects the clusters filed under the group', async () => {
    expect([...(await clustersInGroup('prod', names(known), file))]).toEqual([
      '/a/config:prod-eu',
      '/a/config:prod-us',
    ]);
    expect([...(await clustersInGroup('us', names(known), file))]).toEqual(['/a/config:prod-us']);
  });

  it('explains an empty group, a missing file and a broken file', async () => {
    await expect(clustersInGroup('eu', names(known), file)).rejects.toThrow(
      /no cluster is in group "eu" \(groups come from .*; groups of these clusters: prod, us\)/,
    );
    await expect(clustersInGroup('prod', names(known), join(dir, 'none.json'))).rejects.toThrow(
      /none is set for these clusters/,
    );
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{ not json');
    await expect(clustersInGroup('prod', names(known), broken)).rejects.toThrow(/is not valid JSON/);
  });
});

describe('flag values', () => {
  it.each([
    ['500ms', 500],
    ['5s', 5000],
    ['1m30s', 90_000],
    ['2h', 7_200_000],
    ['3', 3000],
    ['0.5', 500],
  ])('parses the duration %s', (text, ms) => {
    expect(parseDuration(text, '--timeout')).toBe(ms);
  });

  it.each(['', 'soon', '5 s', '5x', '-1s', '0'])('refuses the duration %j', (text) => {
    expect(() => parseDuration(text, '--timeout')).toThrow(UsageError);
  });

  it('parses counts and formats times', () => {
    expect(parsePositiveInteger('8', '--concurrency')).toBe(8);
    expect(() => parsePositiveInteger('1.5', '--concurrency')).toThrow(UsageError);
    expect(formatMs(12.4)).toBe('12ms');
    expect(formatMs(1234)).toBe('1.2s');
    expect(formatMs(12_345)).toBe('12s');
  });

  it('maps per-cluster outcomes to exit codes', () => {
    expect(exitCodeFor([true, true])).toBe(0);
    expect(exitCodeFor([true, false])).toBe(3);
    expect(exitCodeFor([false, false])).toBe(4);
  });
});
