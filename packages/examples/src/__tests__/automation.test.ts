import { readFile, stat, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_RESOURCES, startSimulatedFleet, type SimulatedFleet } from '@flotilla/cluster-testkit';
import { compareDeploymentImages } from '../automation/compare-image';
import { findCrashLoopingPods } from '../automation/crashlooping-pods';
import { drainNodeIn } from '../automation/drain-node';
import { writeHealthReport } from '../automation/health-report';
import { openFleet, resolveCluster, type OpenedFleet } from '../automation/open-fleet';
import { runExample } from '../automation/run';

const resource = (plural: string) => {
  const type = BUILTIN_RESOURCES.find((r) => r.plural === plural);
  if (!type) throw new Error(plural);
  return type;
};

interface PodLike {
  metadata: { name: string; namespace?: string };
  spec?: { nodeName?: string };
  status?: { containerStatuses?: Array<{ state?: { waiting?: { reason?: string } } }> };
}

describe('automation examples against a simulated fleet', () => {
  let sim: SimulatedFleet;
  let opened: OpenedFleet;
  let dir: string;

  beforeAll(async () => {
    sim = await startSimulatedFleet({ clusters: 3, podsPerCluster: 60 });
    opened = await openFleet({ kubeconfig: sim.kubeconfigPath, timeoutMs: 5_000 });
    dir = await mkdtemp(join(tmpdir(), 'flotilla-examples-'));
  });
  afterAll(async () => {
    opened.close();
    await sim.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('finds exactly the crash-looping pods of the clusters that answer, and names the one that did not', async () => {
    sim.cluster('sim-3').faults.revokeToken('admin');
    try {
      const report = await findCrashLoopingPods(opened.fleet);
      const expected = ['sim-1', 'sim-2'].flatMap((name) =>
        (sim.cluster(name).store.list(resource('pods')).items as PodLike[])
          .filter((pod) =>
            pod.status?.containerStatuses?.some((c) => c.state?.waiting?.reason === 'CrashLoopBackOff'),
          )
          .map((pod) => `${name}/${pod.metadata.namespace}/${pod.metadata.name}`),
      );
      expect(expected.length).toBeGreaterThan(0);
      const found = report.pods
        .filter((p) => p.reason === 'CrashLoopBackOff')
        .map((p) => `${p.clusterName}/${p.namespace}/${p.pod}`);
      expect(found.sort()).toEqual(expected.sort());
      expect(report.partial).toBe(true);
      expect(report.failures).toHaveLength(1);
      expect(report.failures[0]).toMatch(/^sim-3 .*auth/);
    } finally {
      sim.cluster('sim-3').faults.restoreToken('admin');
    }
  });

  it('compares a deployment image across clusters: same, drifted, missing', async () => {
    const deployments = sim.cluster('sim-1').store.list(resource('deployments')).items;
    const target = deployments.find((d) => d.metadata.namespace !== 'kube-system') ?? deployments[0];
    if (!target) throw new Error('no deployment');
    const { name, namespace = 'default' } = target.metadata;
    const ids = Object.fromEntries(opened.manager.list().map((s) => [s.clusterName, s.clusterId]));
    // sim-2 gets the same deployment with another image; sim-3 never has it.
    const copy = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, labels: target.metadata.labels ?? {} },
      spec: JSON.parse(JSON.stringify(target['spec'])) as {
        template: { spec: { containers: Array<{ image: string }> } };
      },
    };
    for (const c of copy.spec.template.spec.containers) c.image = 'registry.example.com/drifted:9.9.9';
    await opened.fleet.clusters
      .delete(ids['sim-2'] as string, 'deployments', name, { namespace })
      .catch(() => {});
    await opened.fleet.clusters.create(ids['sim-2'] as string, copy);
    await opened.fleet.clusters
      .delete(ids['sim-3'] as string, 'deployments', name, { namespace })
      .catch(() => {});

    const comparison = await compareDeploymentImages(opened.fleet, name, namespace);
    const byName = Object.fromEntries(comparison.rows.map((row) => [row.clusterName, row]));
    expect(byName['sim-1']?.state).toBe('found');
    expect(byName['sim-2']?.state).toBe('found');
    expect(byName['sim-3']?.state).toBe('missing');
    expect(comparison.variants).toBe(2);
    expect(comparison.partial).toBe(false);
  });

  it('drains worker-1 of one named cluster only; the same-named node elsewhere is untouched', async () => {
    // The seeded disruption budgets would (rightly) hold the drain until its deadline, as they would
    // hold kubectl drain; this test is about which cluster is drained, so sim-1 drops them.
    const budgets = resource('poddisruptionbudgets');
    const store = sim.cluster('sim-1').store;
    for (const pdb of store.list(budgets).items)
      store.delete(budgets, pdb.metadata.namespace, pdb.metadata.name);
    const phases: string[] = [];
    const final = await drainNodeIn(opened.manager, 'sim-1', 'worker-1', {
      timeoutMs: 20_000,
      deleteEmptyDirData: true,
      intervals: { retryIntervalMs: 100, pollIntervalMs: 100 },
      onProgress: (snapshot) => {
        expect(snapshot.clusterName).toBe('sim-1');
        phases.push(snapshot.phase);
      },
    });
    expect(final.phase).toBe('completed');
    expect(phases[0]).toBe('cordoning');
    const nodes = (name: string) => sim.cluster(name).store.get(resource('nodes'), undefined, 'worker-1');
    expect((nodes('sim-1')?.['spec'] as { unschedulable?: boolean }).unschedulable).toBe(true);
    expect((nodes('sim-2')?.['spec'] as { unschedulable?: boolean } | undefined)?.unschedulable).not.toBe(
      true,
    );
    const podsOn = (name: string) =>
      (sim.cluster(name).store.list(resource('pods')).items as PodLike[]).filter(
        (pod) => pod.spec?.nodeName === 'worker-1',
      ).length;
    expect(podsOn('sim-2')).toBeGreaterThan(0);
  });

  it('refuses an unknown cluster name for a drain', () => {
    expect(() => resolveCluster(opened.manager, 'nope')).toThrow(
      /no cluster has the id or context name "nope"/,
    );
  });

  it('writes a health report (0600) with every cluster, the hung one included and partial', async () => {
    sim.cluster('sim-2').faults.hang();
    const fresh = await openFleet({ kubeconfig: sim.kubeconfigPath, timeoutMs: 2_000 });
    try {
      const path = join(dir, 'health.md');
      const written = await writeHealthReport(fresh.manager, { format: 'md', path, probeTimeoutMs: 3_000 });
      expect(written.partial).toBe(true);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      const text = await readFile(path, 'utf8');
      for (const name of ['sim-1', 'sim-2', 'sim-3']) expect(text).toContain(name);
      expect(text).toMatch(/partial/i);
      expect(text).not.toContain(sim.cluster('sim-1').tokenFor('admin'));
    } finally {
      fresh.close();
      await sim.cluster('sim-2').faults.heal();
    }
  });

  it('runs from the command line: usage errors exit 2, a complete answer 0', async () => {
    const out: string[] = [];
    const err: string[] = [];
    expect(
      await runExample(
        ['compare-image', '--kubeconfig', sim.kubeconfigPath],
        (t) => out.push(t),
        (t) => err.push(t),
      ),
    ).toBe(2);
    expect(err.join('\n')).toMatch(/--deployment is required/);
    expect(
      await runExample(
        ['nope'],
        (t) => out.push(t),
        (t) => err.push(t),
      ),
    ).toBe(2);
    const code = await runExample(['crashlooping-pods', '--kubeconfig', sim.kubeconfigPath], (t) =>
      out.push(t),
    );
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/CLUSTER\s+NAMESPACE\s+POD/);
  });

  it.each([
    [['frobnicate'], /unknown example "frobnicate"/],
    [['crashlooping-pods', '--min-restarts', 'many'], /--min-restarts takes a whole number \(got "many"\)/],
    [['health-report', '--format', 'xml'], /--format takes one of md, json, csv, html \(got "xml"\)/],
    [['health-report', '--timeout', '0'], /--timeout takes a positive number of seconds/],
  ])('refuses %j with exit 2 before reading the kubeconfig', async (args, message) => {
    // A kubeconfig that cannot be parsed: reading it would report it on stderr.
    const garbage = join(dir, 'garbage.yaml');
    await writeFile(garbage, 'clusters: [ this is : not yaml');
    const out: string[] = [];
    const err: string[] = [];
    const code = await runExample(
      [...args, '--kubeconfig', garbage],
      (t) => out.push(t),
      (t) => err.push(t),
    );
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(message);
    expect(err.join('\n')).not.toContain(garbage);
    expect(out).toEqual([]);
  });

  it('writes the health report from the command line, waiting --timeout for a hung cluster', async () => {
    sim.cluster('sim-2').faults.hang();
    try {
      const path = join(dir, 'health-cli.json');
      const out: string[] = [];
      const started = performance.now();
      const code = await runExample(
        [
          'health-report',
          '--kubeconfig',
          sim.kubeconfigPath,
          '--format',
          'json',
          '--out',
          path,
          '--timeout',
          '1',
        ],
        (t) => out.push(t),
        () => {},
      );
      // The report's own default is 10 s per wait; with --timeout 1 the hung cluster is given up
      // on well before that.
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(code).toBe(3);
      expect(out).toEqual([`wrote ${path}`]);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      const report = JSON.parse(await readFile(path, 'utf8')) as { partial: boolean };
      expect(report.partial).toBe(true);
      const text = JSON.stringify(report);
      for (const name of ['sim-1', 'sim-2', 'sim-3']) expect(text).toContain(name);
    } finally {
      await sim.cluster('sim-2').faults.heal();
    }
  });
});
