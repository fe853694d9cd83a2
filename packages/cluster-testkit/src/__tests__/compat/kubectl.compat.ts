import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceType } from '../../api/resources';
import type { KubeObject } from '../../api/types';
import { startSimulatedFleet, type SimulatedFleet } from '../../fleet/simulated-fleet';
import type { SimulatedCluster } from '../../simulated-cluster';
import {
  describeRun,
  kubectl,
  KUBECTL_VERSIONS,
  locateKubectl,
  parseTable,
  requireKubectl,
  startKubectl,
  type KubectlOptions,
  type KubectlResult,
  type KubectlTarget,
} from './kubectl';

function typeOf(cluster: SimulatedCluster, group: string, plural: string): ResourceType {
  const type = cluster.registry.all().find((t) => t.group === group && t.plural === plural);
  if (!type) throw new Error(`${cluster.name} serves no ${plural}.${group}`);
  return type;
}

const stored = (cluster: SimulatedCluster, group: string, plural: string, namespace?: string): KubeObject[] =>
  cluster.store.list(typeOf(cluster, group, plural), namespace).items;

const sorted = (values: Iterable<string>) => [...values].sort();

/** Exit 0 and a quiet stderr: kubectl logs discovery and decoding trouble there even when it exits 0. */
function expectSuccess(result: KubectlResult): void {
  expect(result.exitCode, describeRun(result)).toBe(0);
  // kubectl's own notices (deprecated `version` output, version skew) are all it may say.
  const complaints = result.stderr
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('WARNING: '));
  expect(complaints, describeRun(result)).toEqual([]);
}

/** A namespace and `app` label value that select some, but not all, pods of that namespace. */
function labelledSubset(cluster: SimulatedCluster): { namespace: string; app: string; names: string[] } {
  const byNamespace = new Map<string, KubeObject[]>();
  for (const pod of stored(cluster, '', 'pods')) {
    const namespace = pod.metadata.namespace ?? '';
    byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), pod]);
  }
  let fallback: { namespace: string; app: string; names: string[] } | undefined;
  for (const [namespace, pods] of byNamespace) {
    for (const app of new Set(pods.flatMap((p) => p.metadata.labels?.['app'] ?? []))) {
      const names = pods.filter((p) => p.metadata.labels?.['app'] === app).map((p) => p.metadata.name);
      if (names.length < pods.length) return { namespace, app, names };
      fallback ??= { namespace, app, names };
    }
  }
  if (!fallback) throw new Error(`${cluster.name}: no pod carries an app label`);
  return fallback;
}

/** A pod a ReplicaSet owns, so deleting it exercises the replacement the controller creates. */
function replicaSetPod(cluster: SimulatedCluster): KubeObject {
  const pod = stored(cluster, '', 'pods').find((p) =>
    p.metadata.ownerReferences?.some((o) => o.kind === 'ReplicaSet'),
  );
  if (!pod) throw new Error(`${cluster.name}: no pod owned by a ReplicaSet`);
  return pod;
}

describe.each(KUBECTL_VERSIONS)('kubectl %s against a simulated fleet', (version) => {
  let binary: string | undefined;
  let fleet: SimulatedFleet | undefined;

  beforeAll(async () => {
    binary = locateKubectl(version);
    if (!binary) return;
    // Server versions differ from each other and from the client, so a version check proves which context answered.
    fleet = await startSimulatedFleet({
      clusters: [
        { name: `kc${version.replace('.', '')}-a`, kubernetesVersion: 'v1.30.6' },
        { name: `kc${version.replace('.', '')}-b`, kubernetesVersion: 'v1.32.2' },
      ],
      podsPerCluster: 20,
    });
  });

  afterAll(async () => {
    await fleet?.stop();
  });

  afterEach(async () => {
    await Promise.all((fleet?.clusters ?? []).map((cluster) => cluster.faults.heal()));
  });

  // Without kubectl every test throws the install hint here, so the run counts them as failed, not skipped.
  const ready = (): { binary: string; fleet: SimulatedFleet } => {
    const found = binary ?? requireKubectl(version);
    if (!fleet) throw new Error('simulated fleet did not start');
    return { binary: found, fleet };
  };
  const clusters = (): readonly SimulatedCluster[] => ready().fleet.clusters;
  const first = (): SimulatedCluster => clusters()[0] as SimulatedCluster;
  const second = (): SimulatedCluster => clusters()[1] as SimulatedCluster;
  const target = (cluster: SimulatedCluster): KubectlTarget => ({
    binary: ready().binary,
    kubeconfigPath: ready().fleet.kubeconfigPath,
    context: cluster.name,
  });
  const run = (cluster: SimulatedCluster, args: readonly string[], options?: KubectlOptions) =>
    kubectl(target(cluster), args, options);

  it('version: prints the client version and each context’s server version', async () => {
    for (const cluster of clusters()) {
      const text = await run(cluster, ['version']);
      expectSuccess(text);
      expect(text.stdout).toMatch(new RegExp(`Client Version: .*v${version.replace('.', '\\.')}\\.\\d+`));
      expect(text.stdout).toContain('Server Version: ');
      expect(text.stdout).toContain(cluster.version.gitVersion);

      const json = await run(cluster, ['version', '-o', 'json']);
      expectSuccess(json);
      const parsed = JSON.parse(json.stdout) as {
        clientVersion: { major: string; minor: string };
        serverVersion: { gitVersion: string; major: string; minor: string };
      };
      expect(parsed.clientVersion.minor).toBe(version.split('.')[1]);
      expect(parsed.serverVersion).toMatchObject({
        gitVersion: cluster.version.gitVersion,
        major: cluster.version.major,
        minor: cluster.version.minor,
      });
    }
  });

  it('get ns: lists every namespace of the context’s cluster as Active', async () => {
    for (const cluster of clusters()) {
      const result = await run(cluster, ['get', 'ns']);
      expectSuccess(result);
      const table = parseTable(result.stdout);
      expect(table.headers).toEqual(['NAME', 'STATUS', 'AGE']);
      expect(sorted(table.rows.map((r) => r['NAME'] ?? ''))).toEqual(
        sorted(stored(cluster, '', 'namespaces').map((n) => n.metadata.name)),
      );
      for (const row of table.rows) expect(row['STATUS']).toBe('Active');
    }
  });

  it('get pods -A: prints NAMESPACE and the real pod names of each cluster', async () => {
    const seen: string[][] = [];
    for (const cluster of clusters()) {
      const result = await run(cluster, ['get', 'pods', '-A']);
      expectSuccess(result);
      const table = parseTable(result.stdout);
      expect(table.headers).toEqual(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
      const printed = table.rows.map((r) => `${r['NAMESPACE']}/${r['NAME']}`);
      const expected = stored(cluster, '', 'pods').map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
      expect(expected.length).toBeGreaterThan(1);
      expect(sorted(printed)).toEqual(sorted(expected));
      expect(new Set(table.rows.map((r) => r['NAMESPACE'])).size).toBeGreaterThan(1);
      seen.push(printed);
    }
    // Each context reached its own cluster, not the current-context one.
    expect(seen[0]).not.toEqual(seen[1]);
  });

  it('get pods -n X -l app=Y: prints exactly the selected pods', async () => {
    const cluster = first();
    const { namespace, app, names } = labelledSubset(cluster);
    const result = await run(cluster, ['get', 'pods', '-n', namespace, '-l', `app=${app}`, '--show-labels']);
    expectSuccess(result);
    const table = parseTable(result.stdout);
    expect(table.headers).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'LABELS']);
    expect(table.rows.length).toBeGreaterThan(0);
    expect(sorted(table.rows.map((r) => r['NAME'] ?? ''))).toEqual(sorted(names));
    for (const row of table.rows) expect((row['LABELS'] ?? '').split(',')).toContain(`app=${app}`);
  });

  it('get nodes -o wide: prints the wide columns with each node’s internal IP', async () => {
    for (const cluster of clusters()) {
      const result = await run(cluster, ['get', 'nodes', '-o', 'wide']);
      expectSuccess(result);
      const table = parseTable(result.stdout);
      expect(table.headers).toEqual([
        'NAME',
        'STATUS',
        'ROLES',
        'AGE',
        'VERSION',
        'INTERNAL-IP',
        'EXTERNAL-IP',
        'OS-IMAGE',
        'KERNEL-VERSION',
        'CONTAINER-RUNTIME',
      ]);
      const nodes = stored(cluster, '', 'nodes');
      expect(sorted(table.rows.map((r) => r['NAME'] ?? ''))).toEqual(
        sorted(nodes.map((n) => n.metadata.name)),
      );
      for (const node of nodes) {
        const status = node['status'] as { addresses?: Array<{ type: string; address: string }> } | undefined;
        const internalIp = status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
        expect(internalIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
        const row = table.rows.find((r) => r['NAME'] === node.metadata.name);
        expect(row?.['INTERNAL-IP']).toBe(internalIp);
        expect(row?.['VERSION']).toBe(cluster.version.gitVersion);
        expect(row?.['CONTAINER-RUNTIME']).not.toBe('');
      }
    }
  });

  it('get deploy -A -o json: a List with every stored deployment', async () => {
    const cluster = second();
    const result = await run(cluster, ['get', 'deploy', '-A', '-o', 'json']);
    expectSuccess(result);
    const list = JSON.parse(result.stdout) as { kind: string; apiVersion: string; items: KubeObject[] };
    expect(list.kind).toBe('List');
    const deployments = stored(cluster, 'apps', 'deployments');
    expect(deployments.length).toBeGreaterThan(0);
    expect(list.items).toHaveLength(deployments.length);
    for (const item of list.items) expect(item).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment' });
    expect(sorted(list.items.map((d) => `${d.metadata.namespace}/${d.metadata.name}`))).toEqual(
      sorted(deployments.map((d) => `${d.metadata.namespace}/${d.metadata.name}`)),
    );
  });

  it('get --raw /readyz?verbose: prints the checks and the verdict', async () => {
    const result = await run(first(), ['get', '--raw', '/readyz?verbose']);
    expectSuccess(result);
    expect(result.stdout).toContain('[+]ping ok');
    expect(result.stdout).toContain('readyz check passed');
  });

  it('get pods -w: prints a new row when a watched pod changes', async () => {
    const cluster = first();
    const podType = typeOf(cluster, '', 'pods');
    const { namespace, names } = labelledSubset(cluster);
    const name = names[0] as string;
    const marker = `compat-watch=v${version.replace('.', '-')}`;
    // --request-timeout bounds the watch should the kill below never happen.
    const watch = await startKubectl(
      target(cluster),
      ['get', 'pods', '-n', namespace, '-w', '--show-labels'],
      { requestTimeout: '10s' },
    );
    try {
      await watch.waitForOutput(
        (out) => out.split('\n').some((line) => line.startsWith(`${name} `)),
        `the initial row of ${name}`,
      );
      const pod = cluster.store.get(podType, namespace, name);
      if (!pod) throw new Error(`pod ${namespace}/${name} vanished`);
      const [key, value] = marker.split('=') as [string, string];
      cluster.store.update(podType, {
        ...pod,
        metadata: { ...pod.metadata, labels: { ...pod.metadata.labels, [key]: value } },
      });
      const output = await watch.waitForOutput(
        (out) => out.includes(marker),
        `the MODIFIED row with ${marker}`,
      );
      const changed = output.split('\n').filter((line) => line.includes(marker));
      expect(changed).toHaveLength(1);
      expect(changed[0]).toMatch(new RegExp(`^${name}\\s+\\d+/\\d+\\s+\\S+`));
    } finally {
      await watch.stop();
    }
    expect(
      cluster.requestLog
        .all()
        .some((entry) => entry.watch && entry.path.startsWith(`/api/v1/namespaces/${namespace}/pods?`)),
    ).toBe(true);
  });

  it('delete pod: the pod is gone from the store', async () => {
    const cluster = first();
    const podType = typeOf(cluster, '', 'pods');
    const pod = replicaSetPod(cluster);
    const { name, namespace } = pod.metadata;
    const result = await run(cluster, ['delete', 'pod', name, '-n', namespace as string]);
    expectSuccess(result);
    expect(result.stdout).toContain(`pod "${name}" deleted`);
    expect(cluster.store.get(podType, namespace, name)).toBeUndefined();
    // The ReplicaSet controller may add a replacement, but never under the deleted name.
    const after = await run(cluster, ['get', 'pods', '-n', namespace as string]);
    expectSuccess(after);
    expect(parseTable(after.stdout).rows.map((r) => r['NAME'])).not.toContain(name);
  });

  it('scale deploy: the stored deployment gets the new replica count', async () => {
    const cluster = second();
    const deployType = typeOf(cluster, 'apps', 'deployments');
    const deployment = stored(cluster, 'apps', 'deployments')[0];
    if (!deployment) throw new Error(`${cluster.name} has no deployment`);
    const { name, namespace } = deployment.metadata;
    const before = (deployment['spec'] as { replicas?: number }).replicas ?? 1;
    const replicas = before + 2;
    const result = await run(cluster, [
      'scale',
      'deploy',
      name,
      '-n',
      namespace as string,
      `--replicas=${replicas}`,
    ]);
    expectSuccess(result);
    expect(result.stdout).toContain(`deployment.apps/${name} scaled`);
    const after = cluster.store.get(deployType, namespace, name);
    expect((after?.['spec'] as { replicas?: number } | undefined)?.replicas).toBe(replicas);
  });

  it('401: a revoked token fails kubectl with Unauthorized, the other cluster keeps answering', async () => {
    const [revoked, healthy] = [first(), second()];
    revoked.faults.revokeToken('admin');
    const result = await run(revoked, ['get', 'pods', '-A']);
    expect(result.exitCode, describeRun(result)).not.toBe(0);
    expect(result.stderr).toMatch(/Unauthorized|You must be logged in/);
    expect(result.stdout).toBe('');
    expect(revoked.requestLog.all().some((entry) => entry.status === 401)).toBe(true);

    const other = await run(healthy, ['get', 'pods', '-A']);
    expectSuccess(other);
    expect(parseTable(other.stdout).rows.length).toBeGreaterThan(0);
  });

  it('403: a forbidden list fails kubectl with the apiserver’s message', async () => {
    const cluster = second();
    const { namespace } = labelledSubset(cluster);
    cluster.faults.forbid('admin', { verbs: ['list'], resources: ['pods'] });
    const result = await run(cluster, ['get', 'pods', '-n', namespace]);
    expect(result.exitCode, describeRun(result)).not.toBe(0);
    expect(result.stderr).toContain('forbidden');
    expect(result.stderr).toContain('cannot list resource "pods"');
    expect(result.stderr).toContain(`in the namespace "${namespace}"`);

    // Only what the rule names is denied.
    const nodes = await run(cluster, ['get', 'nodes']);
    expectSuccess(nodes);
  });
});
