import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli';
import { startTestFleet, type TestFleet } from './helpers/fleet';

let fleet: TestFleet;

beforeAll(async () => {
  fleet = await startTestFleet();
});

afterAll(async () => {
  await fleet?.stop();
});

interface StatusJson {
  partial: boolean;
  clusters: Array<{
    clusterName: string;
    connection: string;
    auth: string;
    health: string;
    version: string | null;
    platform: string;
    nodes: { ready: number; total: number } | null;
    latencyMs: number | null;
    ok: boolean;
  }>;
}

describe('flotilla status', () => {
  it('shows every cluster healthy in a table, exit 0', async () => {
    const result = await runCli(['status', '--kubeconfig', fleet.kubeconfig]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout.trimEnd().split('\n');
    expect(header?.split(/\s{2,}/)).toEqual([
      'CLUSTER',
      'CONNECTION',
      'AUTH',
      'HEALTH',
      'VERSION',
      'PLATFORM',
      'NODES',
      'LATENCY',
    ]);
    expect(rows).toHaveLength(3);
    for (const [i, row] of rows.entries()) {
      expect(row).toMatch(
        new RegExp(
          `^sim-${i + 1}\\s+connected\\s+valid\\s+healthy\\s+v1\\.31\\.4\\s+kubernetes\\s+3/3\\s+\\d+(ms|\\.\\ds)$`,
        ),
      );
    }
  }, 60_000);

  it('finishes within --timeout while one cluster hangs, showing it as timed out and degraded', async () => {
    fleet.cluster('sim-2').faults.hang();
    try {
      const result = await runCli([
        'status',
        '--kubeconfig',
        fleet.kubeconfig,
        '--timeout',
        '1500ms',
        '-o',
        'json',
      ]);
      expect(result.code).toBe(3);
      const status = JSON.parse(result.stdout) as StatusJson;
      expect(status.partial).toBe(true);
      const byName = new Map(status.clusters.map((c) => [c.clusterName, c]));
      expect(byName.get('sim-2')).toMatchObject({
        connection: 'timeout',
        health: 'degraded',
        version: null,
        nodes: null,
        ok: false,
      });
      for (const name of ['sim-1', 'sim-3']) {
        expect(byName.get(name)).toMatchObject({
          connection: 'connected',
          auth: 'valid',
          health: 'healthy',
          version: 'v1.31.4',
          platform: 'kubernetes',
          nodes: { ready: 3, total: 3 },
          ok: true,
        });
      }
      expect(result.stderr).toMatch(/^error: cluster sim-2: timeout: /m);
      expect(result.stderr).not.toMatch(/sim-1|sim-3/);
      // A request to a hung server would otherwise wait for the transport's 30 s deadline.
      expect(result.durationMs).toBeLessThan(15_000);
      expect(
        fleet.cluster('sim-1').requestLog.filter((e) => e.path.startsWith('/readyz')).length,
      ).toBeGreaterThan(0);
    } finally {
      await fleet.cluster('sim-2').faults.heal();
    }
  }, 60_000);

  it('tells refused credentials from a refused connection, without affecting the other cluster', async () => {
    fleet.cluster('sim-3').faults.revokeToken('admin');
    await fleet.cluster('sim-2').faults.refuse();
    try {
      const result = await runCli(['status', '--kubeconfig', fleet.kubeconfig, '-o', 'json']);
      expect(result.code).toBe(3);
      const status = JSON.parse(result.stdout) as StatusJson;
      expect(status.clusters.map((c) => [c.clusterName, c.connection, c.auth, c.health, c.ok])).toEqual([
        ['sim-1', 'connected', 'valid', 'healthy', true],
        ['sim-2', 'unreachable', 'unknown', 'degraded', false],
        ['sim-3', 'connected', 'invalid', 'unknown', false],
      ]);
      expect(result.stderr).toMatch(/^error: cluster sim-2: transport: /m);
      expect(result.stderr).toMatch(/^error: cluster sim-3: auth \(401 Unauthorized\)/m);
      expect(result.stderr).not.toMatch(/sim-1/);
    } finally {
      await fleet.cluster('sim-2').faults.heal();
      await fleet.cluster('sim-3').faults.heal();
    }
  }, 60_000);

  it('probes only the selected clusters', async () => {
    const since = Date.now();
    const result = await runCli(['status', '--kubeconfig', fleet.kubeconfig, '--clusters', 'sim-1,sim-3']);
    expect(result.code).toBe(0);
    expect(
      result.stdout
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((row) => row.split(/\s+/)[0]),
    ).toEqual(['sim-1', 'sim-3']);
    expect(fleet.cluster('sim-2').requestLog.filter((e) => e.at >= since)).toEqual([]);
  }, 60_000);
});
