import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli';
import { modify, NAMESPACE, startTestFleet, type TestFleet } from './helpers/fleet';

let fleet: TestFleet;

beforeAll(async () => {
  fleet = await startTestFleet({ clusters: 4 });
  // sim-2 runs a newer image with more replicas; sim-3 has no such deployment; sim-4 refuses us.
  modify(fleet.cluster('sim-2'), 'deployments', NAMESPACE, 'web', (d) => ({
    ...d,
    spec: {
      ...(d['spec'] as Record<string, unknown>),
      replicas: 3,
      template: {
        metadata: { labels: { app: 'web-template' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
      },
    },
  }));
  const sim3 = fleet.cluster('sim-3');
  sim3.store.delete(sim3.registry.lookup('apps', 'v1', 'deployments')!, NAMESPACE, 'web');
  fleet.cluster('sim-4').faults.revokeToken('admin');
});

afterAll(async () => {
  await fleet?.stop();
});

interface ComparisonJson {
  kind: string;
  identical: boolean;
  partial: boolean;
  clusters: Array<{ clusterName: string; state: string; error?: string }>;
  diff: Array<{ path: string; values: Record<string, unknown>; missing: string[] }>;
}

describe('flotilla compare', () => {
  it('shows the differing paths, which clusters lack the object and which failed', async () => {
    const [table, json] = await Promise.all([
      runCli(['compare', 'deploy', 'web', '-n', NAMESPACE, '--kubeconfig', fleet.kubeconfig]),
      runCli([
        'compare',
        'deployments.apps',
        'web',
        '-n',
        NAMESPACE,
        '-o',
        'json',
        '--kubeconfig',
        fleet.kubeconfig,
      ]),
    ]);
    expect(table.code).toBe(3);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toBe(`deployments.apps ${NAMESPACE}/web across 4 clusters`);
    expect(lines[1]).toBe('present: sim-1, sim-2');
    expect(lines[2]).toBe('absent:  sim-3');
    expect(lines[3]).toMatch(/^failed: {2}sim-4 \(auth: /);
    expect(lines[5]).toMatch(/^PATH\s+sim-1\s+sim-2$/);
    expect(table.stdout).toMatch(/^spec\.replicas\s+0\s+3$/m);
    expect(table.stdout).toMatch(
      /^spec\.template\.spec\.containers\[name=web\]\.image\s+nginx:1\.25\s+nginx:1\.27$/m,
    );
    // Server-managed fields differ between any two copies; they are not differences.
    expect(table.stdout).not.toMatch(/uid|resourceVersion|creationTimestamp/);
    expect(table.stderr).toMatch(/^error: cluster sim-4: auth \(401 Unauthorized\)/m);

    expect(json.code).toBe(3);
    const document = JSON.parse(json.stdout) as ComparisonJson;
    expect(document).toMatchObject({ kind: 'FleetComparison', identical: false, partial: true });
    expect(document.clusters.map((c) => [c.clusterName, c.state])).toEqual([
      ['sim-1', 'present'],
      ['sim-2', 'present'],
      ['sim-3', 'absent'],
      ['sim-4', 'failed'],
    ]);
    expect(document.diff.map((d) => d.path).sort()).toEqual([
      'spec.replicas',
      'spec.template.spec.containers[name=web].image',
    ]);
  }, 60_000);

  it('says the copies are identical when they are (exit 0)', async () => {
    const result = await runCli([
      'compare',
      'ns',
      NAMESPACE,
      '--clusters',
      'sim-1,sim-2,sim-3',
      '--kubeconfig',
      fleet.kubeconfig,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('present: sim-1, sim-2, sim-3');
    expect(result.stdout).toContain('identical in 3 clusters');
    expect(result.stderr).toBe('');
  }, 60_000);
});
