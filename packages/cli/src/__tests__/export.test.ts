import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli';
import { NAMESPACE, startTestFleet, stored, type TestFleet } from './helpers/fleet';

let fleet: TestFleet;

beforeAll(async () => {
  fleet = await startTestFleet();
  fleet.cluster('sim-3').faults.revokeToken('admin');
});

afterAll(async () => {
  await fleet?.stop();
});

describe('flotilla export', () => {
  it('writes a partial CSV report, 0600, with a section per cluster stating its status and error', async () => {
    const file = join(fleet.dir, 'report.csv');
    const result = await runCli([
      'export',
      '--kind',
      'pods',
      '--kind',
      'deploy',
      '-o',
      file,
      '--kubeconfig',
      fleet.kubeconfig,
    ]);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      `wrote csv report of 3 clusters (PARTIAL: some clusters failed) to ${file}`,
    );
    expect(result.stderr).toMatch(/^error: cluster sim-3: .*auth \(401 Unauthorized\)/m);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const text = await readFile(file, 'utf8');
    const lines = text.split('\r\n');
    expect(lines[0]).toMatch(/^"?PARTIAL REPORT: not every cluster answered in full — sim-3 \(error\)/);
    expect(text).toContain('\r\nsim-1,');
    const section = (name: string) =>
      lines.findIndex((line) => line.startsWith(`"${name}: `) || line.startsWith(`${name}: `));
    expect(lines[section('sim-1')]).toBe('sim-1: ok');
    expect(lines[section('sim-3')]).toMatch(/^"?sim-3: error — status: auth: .*pods: auth: .*deploy: auth: /);
    // Each answering cluster's section lists its pods and deployments, with their state.
    for (const cluster of ['sim-1', 'sim-2']) {
      const start = section(cluster);
      const rows = lines.slice(start + 2, lines.indexOf('', start));
      const pods = stored(fleet.cluster(cluster), '', 'v1', 'pods');
      expect(rows.filter((row) => row.startsWith('pods,'))).toHaveLength(pods.length);
      expect(rows.some((row) => row.startsWith(`deploy,${NAMESPACE},web,0/0,`))).toBe(true);
      expect(rows.some((row) => row.startsWith(`pods,${NAMESPACE},web-a,Running,`))).toBe(true);
    }
    expect(lines.slice(section('sim-3') + 2, lines.indexOf('', section('sim-3')))).toEqual([]);
  }, 60_000);

  it('prints a JSON report to stdout with the state of every cluster', async () => {
    const result = await runCli([
      'export',
      '--format',
      'json',
      '--kind',
      'ns',
      '--kubeconfig',
      fleet.kubeconfig,
    ]);
    expect(result.code).toBe(3);
    const report = JSON.parse(result.stdout) as {
      partial: boolean;
      notice?: string;
      clusters: Array<{ clusterName: string; status: string; error?: { kind: string } }>;
      data: {
        clusters: Array<{
          clusterName: string;
          status: { health: string; auth: string };
          resources: Array<{ kind: string; status: string; items: Array<{ name: string }> }>;
        }>;
      };
    };
    expect(report.partial).toBe(true);
    expect(report.notice).toContain('sim-3');
    expect(report.clusters.map((c) => [c.clusterName, c.status, c.error?.kind])).toEqual([
      ['sim-1', 'ok', undefined],
      ['sim-2', 'ok', undefined],
      ['sim-3', 'error', 'auth'],
    ]);
    const sim1 = report.data.clusters.find((c) => c.clusterName === 'sim-1');
    expect(sim1?.status).toMatchObject({ health: 'healthy', auth: 'valid' });
    expect(sim1?.resources[0]?.items.map((i) => i.name)).toContain(NAMESPACE);
    expect(report.data.clusters.find((c) => c.clusterName === 'sim-3')?.resources[0]?.status).toBe('error');
  }, 60_000);
});
