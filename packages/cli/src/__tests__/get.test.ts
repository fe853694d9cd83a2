import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli';
import { NAMESPACE, startTestFleet, stored, type TestFleet } from './helpers/fleet';

let fleet: TestFleet;

beforeAll(async () => {
  fleet = await startTestFleet();
});

afterAll(async () => {
  await fleet?.stop();
});

const podNames = (cluster: string, namespace?: string) =>
  stored(fleet.cluster(cluster), '', 'v1', 'pods', namespace).map((pod) => pod.metadata.name);

interface FleetListJson {
  kind: string;
  partial: boolean;
  clusters: Array<{
    clusterName: string;
    status: string;
    count?: number;
    error?: { kind: string; status?: number };
    durationMs: number;
  }>;
  items: Array<{
    clusterName: string;
    object: { kind?: string; metadata: { name: string; namespace?: string } };
  }>;
}

describe('flotilla get', () => {
  it('lists pods of the clusters that answer and names the one that refused us (exit 3)', async () => {
    fleet.cluster('sim-2').faults.revokeToken('admin');
    try {
      const [partial, allFailed] = await Promise.all([
        runCli(['get', 'pods', '-A', '--kubeconfig', fleet.kubeconfig]),
        runCli(['get', 'pods', '-A', '--kubeconfig', fleet.kubeconfig, '--clusters', 'sim-2']),
      ]);
      expect(partial.code).toBe(3);
      const [header, ...rows] = partial.stdout.trimEnd().split('\n');
      expect(header?.split(/\s{2,}/)).toEqual([
        'CLUSTER',
        'NAMESPACE',
        'NAME',
        'READY',
        'STATUS',
        'RESTARTS',
        'AGE',
      ]);
      const listed = rows.map((row) => row.split(/\s+/).slice(0, 3).join(' '));
      const expected = ['sim-1', 'sim-3'].flatMap((cluster) =>
        stored(fleet.cluster(cluster), '', 'v1', 'pods').map(
          (p) => `${cluster} ${p.metadata.namespace} ${p.metadata.name}`,
        ),
      );
      expect(listed.sort()).toEqual(expected.sort());
      expect(partial.stderr).toMatch(/^error: cluster sim-2: auth \(401 Unauthorized\): /m);
      expect(partial.stderr.trim().split('\n')).toHaveLength(1);

      expect(allFailed.code).toBe(4);
      expect(allFailed.stdout).toBe('');
      expect(allFailed.stderr).toMatch(/^error: cluster sim-2: auth/m);
    } finally {
      await fleet.cluster('sim-2').faults.heal();
    }
  }, 60_000);

  it('gives up on a hung cluster after --timeout and prints the others (exit 3)', async () => {
    fleet.cluster('sim-3').faults.hang();
    try {
      const result = await runCli([
        'get',
        'deploy',
        '-n',
        NAMESPACE,
        '--kubeconfig',
        fleet.kubeconfig,
        '--timeout',
        '1500ms',
        '--concurrency',
        '1',
      ]);
      expect(result.code).toBe(3);
      const rows = result.stdout.trimEnd().split('\n').slice(1);
      expect(rows.map((row) => row.split(/\s+/).slice(0, 2).join(' '))).toEqual(['sim-1 web', 'sim-2 web']);
      expect(result.stderr).toMatch(/^error: cluster sim-3: timeout: no result within 1500 ms$/m);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      await fleet.cluster('sim-3').faults.heal();
    }
  }, 60_000);

  it('prints json, yaml, csv and name output with the cluster of every object', async () => {
    const args = ['get', 'pods', '-n', NAMESPACE, '--kubeconfig', fleet.kubeconfig];
    const [json, yaml, csv, name] = await Promise.all([
      runCli([...args, '-o', 'json']),
      runCli([...args, '-o', 'yaml']),
      runCli([...args, '-o', 'csv']),
      runCli([...args, '-o', 'name']),
    ]);
    for (const result of [json, yaml, csv, name]) {
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
    }

    const document = JSON.parse(json.stdout) as FleetListJson;
    expect(document.kind).toBe('FleetList');
    expect(document.partial).toBe(false);
    expect(document.clusters.map((c) => [c.clusterName, c.status, c.count])).toEqual([
      ['sim-1', 'ok', 3],
      ['sim-2', 'ok', 3],
      ['sim-3', 'ok', 3],
    ]);
    expect(document.items.map((i) => `${i.clusterName}/${i.object.metadata.name}`)).toEqual(
      ['sim-1', 'sim-2', 'sim-3'].flatMap((c) => podNames(c, NAMESPACE).map((n) => `${c}/${n}`)),
    );
    expect(document.items[0]?.object.metadata.namespace).toBe(NAMESPACE);

    // Two runs: the same document except for how long each cluster took.
    const timeless = (doc: FleetListJson) => ({
      ...doc,
      clusters: doc.clusters.map(({ durationMs: _, ...c }) => c),
    });
    expect(timeless(parse(yaml.stdout) as FleetListJson)).toEqual(timeless(document));

    const lines = csv.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'CLUSTER,NAMESPACE,NAME,READY,STATUS,RESTARTS,AGE,IP,NODE,NOMINATED NODE,READINESS GATES',
    );
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 3).join(','))).toEqual(
      ['sim-1', 'sim-2', 'sim-3'].flatMap((c) => podNames(c, NAMESPACE).map((n) => `${c},${NAMESPACE},${n}`)),
    );

    expect(name.stdout.trimEnd().split('\n')).toEqual(
      ['sim-1', 'sim-2', 'sim-3'].flatMap((c) => podNames(c, NAMESPACE).map((n) => `${c}\tpod/${n}`)),
    );
  }, 60_000);

  it('honours -l and -n, and a named get reports the clusters that lack the object', async () => {
    const [selected, named, nodes] = await Promise.all([
      runCli(['get', 'po', '-n', NAMESPACE, '-l', 'app=web', '-o', 'name', '--kubeconfig', fleet.kubeconfig]),
      runCli([
        'get',
        'deploy',
        'web',
        '-n',
        NAMESPACE,
        '--kubeconfig',
        fleet.kubeconfig,
        '--clusters',
        'sim-1,sim-3',
      ]),
      runCli(['get', 'nodes', '--kubeconfig', fleet.kubeconfig, '--context', 'sim-2', '-o', 'wide']),
    ]);
    expect(selected.code).toBe(0);
    expect(selected.stdout.trimEnd().split('\n')).toEqual(
      ['sim-1', 'sim-2', 'sim-3'].flatMap((c) => [`${c}\tpod/web-a`, `${c}\tpod/web-b`]),
    );

    expect(named.code).toBe(0);
    const [header, ...rows] = named.stdout.trimEnd().split('\n');
    expect(header?.split(/\s{2,}/)).toEqual(['CLUSTER', 'NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    expect(rows.map((row) => row.split(/\s+/).slice(0, 3))).toEqual([
      ['sim-1', 'web', '0/0'],
      ['sim-3', 'web', '0/0'],
    ]);

    expect(nodes.code).toBe(0);
    expect(nodes.stdout.split('\n')[0]).toMatch(
      /^CLUSTER\s+NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\s+EXTERNAL-IP/,
    );
    expect(nodes.stdout).toMatch(/^sim-2\s+control-plane-1\s+Ready\s+control-plane\s/m);

    fleet
      .cluster('sim-3')
      .store.delete(fleet.cluster('sim-3').registry.lookup('apps', 'v1', 'deployments')!, NAMESPACE, 'web');
    const missing = await runCli([
      'get',
      'deploy',
      'web',
      '-n',
      NAMESPACE,
      '-o',
      'json',
      '--kubeconfig',
      fleet.kubeconfig,
    ]);
    expect(missing.code).toBe(3);
    const document = JSON.parse(missing.stdout) as FleetListJson;
    expect(document.clusters.map((c) => [c.clusterName, c.status, c.error?.kind])).toEqual([
      ['sim-1', 'ok', undefined],
      ['sim-2', 'ok', undefined],
      ['sim-3', 'error', 'not-found'],
    ]);
    expect(missing.stderr).toMatch(/^error: cluster sim-3: not-found \(404 NotFound\): .*"web" not found/m);
  }, 60_000);

  it('selects clusters by the group Flotilla preferences file them under', async () => {
    const config = join(fleet.dir, 'config');
    await mkdir(join(config, 'flotilla'), { recursive: true });
    const id = (name: string) => `${fleet.kubeconfig}:${name}`;
    await writeFile(
      join(config, 'flotilla', 'preferences.json'),
      JSON.stringify({
        schemaVersion: 1,
        values: {
          [`cluster:groups:${id('sim-1')}`]: ['prod', 'eu'],
          [`cluster:groups:${id('sim-3')}`]: ['prod'],
          [`cluster:groups:${id('sim-2')}`]: ['staging'],
        },
      }),
    );
    const env = { XDG_CONFIG_HOME: config };
    const [prod, unknown] = await Promise.all([
      runCli(['get', 'ns', NAMESPACE, '--group', 'prod', '-o', 'name', '--kubeconfig', fleet.kubeconfig], {
        env,
      }),
      runCli(['get', 'ns', '--group', 'qa', '--kubeconfig', fleet.kubeconfig], { env }),
    ]);
    expect(prod.code).toBe(0);
    expect(prod.stdout).toBe(`sim-1\tnamespace/${NAMESPACE}\nsim-3\tnamespace/${NAMESPACE}\n`);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no cluster is in group "qa"');
    expect(unknown.stderr).toContain('groups of these clusters: eu, prod, staging');
  }, 60_000);

  it('starts no session, credential plugin or request for a cluster it does not target', async () => {
    const execFleet = await startTestFleet({ execCredentialClusters: ['sim-2'] });
    try {
      const before = await execFleet.fleet.execPlugin.invocations('sim-2');
      const other = await runCli([
        'get',
        'ns',
        '--kubeconfig',
        execFleet.kubeconfig,
        '--clusters',
        'sim-1,sim-3',
      ]);
      expect(other.code).toBe(0);
      expect(await execFleet.fleet.execPlugin.invocations('sim-2')).toBe(before);
      expect(execFleet.cluster('sim-2').requestLog.all()).toEqual([]);

      const targeted = await runCli([
        'get',
        'ns',
        '--kubeconfig',
        execFleet.kubeconfig,
        '--clusters',
        'sim-2',
      ]);
      expect(targeted.code).toBe(0);
      expect(targeted.stdout).toMatch(/^sim-2\s+shop\s+Active/m);
      expect(await execFleet.fleet.execPlugin.invocations('sim-2')).toBe(before + 1);
    } finally {
      await execFleet.stop();
    }
  }, 60_000);
});
