import { stat, readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulatedFleet, type SimulatedFleet } from '../fleet/simulated-fleet';
import { call } from './http-client';

let fleet: SimulatedFleet;

beforeAll(async () => {
  fleet = await startSimulatedFleet({
    clusters: 3,
    podsPerCluster: 12,
    flavors: { 'sim-2': 'openshift' },
    execCredentialClusters: ['sim-3'],
  });
});
afterAll(() => fleet.stop());

interface Kubeconfig {
  contexts: Array<{ name: string; context: { cluster: string; user: string } }>;
  clusters: Array<{ name: string; cluster: { server: string; 'certificate-authority-data': string } }>;
  users: Array<{ name: string; user: { token?: string; exec?: { command: string; args: string[] } } }>;
  'current-context': string;
}

describe('SimulatedFleet', () => {
  it('writes a 0600 kubeconfig with one uniquely named context per cluster', async () => {
    expect((await stat(fleet.kubeconfigPath)).mode & 0o777).toBe(0o600);
    const config = parse(await readFile(fleet.kubeconfigPath, 'utf8')) as Kubeconfig;
    expect(config.contexts.map((c) => c.name)).toEqual(['sim-1', 'sim-2', 'sim-3']);
    for (const cluster of fleet.clusters) {
      const entry = config.clusters.find((c) => c.name === cluster.name);
      expect(entry?.cluster.server).toBe(cluster.url);
      expect(Buffer.from(entry?.cluster['certificate-authority-data'] ?? '', 'base64').toString()).toBe(
        cluster.caPem,
      );
    }
    const exec = config.users.find((u) => u.name === 'sim-3-exec-user');
    expect(exec?.user.exec?.args).toEqual(expect.arrayContaining(['--cluster', 'sim-3']));
  });

  it('gives every cluster its own CA and tokens: one cluster rejects another cluster’s token', async () => {
    const [a, b] = fleet.clusters;
    if (!a || !b) throw new Error('fleet too small');
    expect(a.caPem).not.toBe(b.caPem);
    expect(a.tokenFor('admin')).not.toBe(b.tokenFor('admin'));
    expect((await call(b, '/api/v1/pods', { token: a.tokenFor('admin') })).status).toBe(401);
  });

  it('seeds the requested pods per cluster and the OpenShift flavor where asked', async () => {
    for (const cluster of fleet.clusters) {
      const pods = (await call(cluster, '/api/v1/pods')).json<{ items: unknown[] }>().items;
      expect(pods).toHaveLength(12);
    }
    expect(fleet.cluster('sim-2').flavor).toBe('openshift');
    expect(() => fleet.cluster('nope')).toThrow(/unknown simulated cluster "nope"/);
  });

  it('runs the exec credential plugin, and can make it fail', async () => {
    const { execFile } = await import('node:child_process');
    const config = parse(fleet.kubeconfig) as Kubeconfig;
    const exec = config.users.find((u) => u.name === 'sim-3-exec-user')?.user.exec;
    const run = () =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(exec?.command ?? '', exec?.args ?? [], (error, stdout, stderr) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });
    const ok = await run();
    const credential = JSON.parse(ok.stdout) as {
      kind: string;
      status: { token: string; expirationTimestamp: string };
    };
    expect(credential.kind).toBe('ExecCredential');
    expect(credential.status.token).toBe(fleet.cluster('sim-3').tokenFor('exec-user'));
    expect(Date.parse(credential.status.expirationTimestamp)).toBeGreaterThan(Date.now());
    await fleet.execPlugin.setMode('sim-3', 'fail');
    const failed = await run();
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('login for sim-3 failed');
    await fleet.execPlugin.setMode('sim-3', 'ok');
    expect(await fleet.execPlugin.invocations('sim-3')).toBe(2);
  });

  it('rejects duplicate cluster names and unknown exec clusters', async () => {
    await expect(startSimulatedFleet({ clusters: ['a', 'a'] })).rejects.toThrow(/duplicate cluster name "a"/);
    await expect(startSimulatedFleet({ clusters: ['a'], execCredentialClusters: ['b'] })).rejects.toThrow(
      /unknown cluster "b"/,
    );
  });
});

describe('a large fleet', () => {
  it('holds 200 clusters in one process, each answering on its own port', async () => {
    const large = await startSimulatedFleet({ clusters: 200, podsPerCluster: 2, namePrefix: 'big' });
    try {
      expect(new Set(large.clusters.map((c) => c.port)).size).toBe(200);
      const statuses = await Promise.all(large.clusters.map((c) => call(c, '/readyz').then((r) => r.status)));
      expect(statuses.every((s) => s === 200)).toBe(true);
    } finally {
      await large.stop();
    }
  }, 60_000);
});
