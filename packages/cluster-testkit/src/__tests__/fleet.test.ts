import { execFile } from 'node:child_process';
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

    // Hang mode: the plugin never answers; only a caller's own timeout ends it.
    await fleet.execPlugin.setMode('sim-3', 'hang');
    const hung = await new Promise<{ killed: boolean; stdout: string }>((resolve) => {
      execFile(exec?.command ?? '', exec?.args ?? [], { timeout: 500 }, (error, stdout) =>
        resolve({ killed: (error as { killed?: boolean } | null)?.killed === true, stdout }),
      );
    });
    expect(hung).toEqual({ killed: true, stdout: '' });
    expect(await fleet.execPlugin.invocations('sim-3')).toBe(3);
    await fleet.execPlugin.setMode('sim-3', 'ok');

    // The expiry it reports follows setExpirySeconds.
    await fleet.execPlugin.setExpirySeconds(120);
    const shortLived = JSON.parse((await run()).stdout) as { status: { expirationTimestamp: string } };
    const lifetime = Date.parse(shortLived.status.expirationTimestamp) - Date.now();
    expect(lifetime).toBeGreaterThan(60_000);
    expect(lifetime).toBeLessThanOrEqual(120_000);
    await fleet.execPlugin.setExpirySeconds(3600);
  });

  it('gives the plugin a per-cluster token and mode, so one cluster’s login can fail alone', async () => {
    const other = await startSimulatedFleet({
      clusters: 2,
      podsPerCluster: 1,
      execCredentialClusters: ['sim-1', 'sim-2'],
    });
    try {
      const config = parse(other.kubeconfig) as Kubeconfig;
      const execOf = (name: string) => config.users.find((u) => u.name === `${name}-exec-user`)?.user.exec;
      const runFor = (name: string) =>
        new Promise<{ code: number; stdout: string }>((resolve) => {
          const exec = execOf(name);
          execFile(exec?.command ?? '', exec?.args ?? [], (error, stdout) =>
            resolve({ code: error ? 1 : 0, stdout }),
          );
        });
      await other.execPlugin.setMode('sim-1', 'fail');
      expect((await runFor('sim-1')).code).toBe(1);
      const ok = await runFor('sim-2');
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.stdout)).toMatchObject({
        status: { token: other.cluster('sim-2').tokenFor('exec-user') },
      });
      expect(await other.execPlugin.invocations('sim-1')).toBe(1);
      expect(await other.execPlugin.invocations()).toBe(2);
    } finally {
      await other.stop();
    }
  });

  it('gives every cluster the users asked for, and writes contexts for the chosen one', async () => {
    const custom = await startSimulatedFleet({
      clusters: 2,
      podsPerCluster: 3,
      users: [
        { name: 'admin' },
        { name: 'ops', rules: [{ verbs: ['get', 'list', 'watch'], resources: ['pods'] }] },
      ],
      contextUser: 'ops',
    });
    try {
      const config = parse(await readFile(custom.kubeconfigPath, 'utf8')) as Kubeconfig;
      expect(config.contexts.map((c) => c.context.user)).toEqual(['sim-1-ops', 'sim-2-ops']);
      for (const cluster of custom.clusters) {
        const token = config.users.find((u) => u.name === `${cluster.name}-ops`)?.user.token;
        expect(token).toBe(cluster.tokenFor('ops'));
        expect((await call(cluster, '/api/v1/pods', { token })).status).toBe(200);
        expect((await call(cluster, '/api/v1/nodes', { token })).status).toBe(403);
        expect(() => cluster.tokenFor('viewer')).toThrow(/unknown user "viewer"/);
      }
      expect(custom.clusters[0]?.tokenFor('ops')).not.toBe(custom.clusters[1]?.tokenFor('ops'));
    } finally {
      await custom.stop();
    }
  });

  it('rewrites the kubeconfig with rotated tokens', async () => {
    const cluster = fleet.cluster('sim-1');
    const old = cluster.tokenFor('admin');
    const fresh = cluster.faults.rotateToken('admin');
    await fleet.writeKubeconfig();
    const config = parse(await readFile(fleet.kubeconfigPath, 'utf8')) as Kubeconfig;
    const written = config.users.find((u) => u.name === 'sim-1-admin')?.user.token;
    expect(written).toBe(fresh);
    expect(written).not.toBe(old);
    expect((await stat(fleet.kubeconfigPath)).mode & 0o777).toBe(0o600);
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
