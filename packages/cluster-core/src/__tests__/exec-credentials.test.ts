import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulatedFleet, type SimulatedFleet } from '@flotilla/cluster-testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClusterClient } from '../cluster-client';
import { everythingSaidBy, failureOf, kubeConfigFor, TransportPool } from './support/transport-fixtures';

const EXEC = 'exec-1';
const PLAIN = 'plain-1';

let fleet: SimulatedFleet;
let scratch: string;
const pool = new TransportPool();

beforeAll(async () => {
  fleet = await startSimulatedFleet({
    clusters: [EXEC, PLAIN],
    execCredentialClusters: [EXEC],
    podsPerCluster: 3,
  });
  scratch = await mkdtemp(join(tmpdir(), 'flotilla-exec-'));
});
afterEach(async () => {
  pool.disposeAll();
  await fleet.execPlugin.setMode(EXEC, 'ok');
  await Promise.all(fleet.clusters.map((c) => c.faults.heal()));
});
afterAll(async () => {
  await fleet.stop();
  await rm(scratch, { recursive: true, force: true });
});

function execTransport(execTimeoutMs = 20_000) {
  const cluster = fleet.cluster(EXEC);
  const kubeConfig = kubeConfigFor(cluster, { credential: { exec: fleet.execPlugin.execConfig(EXEC) } });
  return pool.create(kubeConfig, EXEC, { credentials: { execTimeoutMs } });
}

const runs = () => fleet.execPlugin.invocations(EXEC);

describe('exec credential plugins (our own runner)', () => {
  it('authenticates and caches the credential until it expires', async () => {
    const before = await runs();
    const transport = execTransport();
    for (let i = 0; i < 3; i++) await transport.request({ path: '/api/v1/namespaces' });
    expect(await runs()).toBe(before + 1);
    expect(fleet.cluster(EXEC).requestLog.all().at(-1)?.user).toBe('exec-user');
  });

  it('runs the plugin once for ten concurrent first requests (single flight)', async () => {
    const before = await runs();
    const transport = execTransport();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => transport.request({ path: '/api' })),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(await runs()).toBe(before + 1);
  });

  it('drops the cached credential after a 401 and runs the plugin again', async () => {
    const cluster = fleet.cluster(EXEC);
    const transport = execTransport();
    const client = new ClusterClient({
      transport,
      clusterId: 'test:exec-1',
      clusterName: EXEC,
      rateLimit: false,
    });
    await client.request({ path: '/api' });
    const before = await runs();
    cluster.faults.revokeToken('exec-user');
    const concurrent = await Promise.all(
      Array.from({ length: 5 }, () => failureOf(client.request({ path: '/api' }))),
    );
    expect(concurrent.map((e) => e.kind)).toEqual(['auth', 'auth', 'auth', 'auth', 'auth']);
    // Five 401s for the same stale token: one refresh, not five.
    expect(await runs()).toBe(before + 1);
    cluster.faults.restoreToken('exec-user');
    await client.request({ path: '/api' });
    expect(await runs()).toBe(before + 1);
    expect(cluster.requestLog.all().at(-1)).toMatchObject({ user: 'exec-user', status: 200 });
  });

  it('kills a hung plugin after its timeout; only that cluster fails, others keep answering', async () => {
    await fleet.execPlugin.setMode(EXEC, 'hang');
    const hung = execTransport(800);
    const healthy = pool.create(kubeConfigFor(fleet.cluster(PLAIN)), PLAIN);
    const started = performance.now();
    const failure = failureOf(hung.request({ path: '/api' }));
    let healthyDoneAt = 0;
    const bystander = (async () => {
      for (let i = 0; i < 5; i++) await healthy.request({ path: '/api/v1/namespaces' });
      healthyDoneAt = performance.now() - started;
    })();
    const [error] = await Promise.all([failure, bystander]);
    expect(error.kind).toBe('exec-plugin');
    expect(error.clusterName).toBe(EXEC);
    expect(error.message).toContain('did not finish within 800 ms');
    expect(performance.now() - started).toBeGreaterThanOrEqual(750);
    expect(healthyDoneAt).toBeLessThan(700);
  });

  it('fails a request whose deadline passes while the plugin runs as exec-plugin, not timeout', async () => {
    await fleet.execPlugin.setMode(EXEC, 'hang');
    const cluster = fleet.cluster(EXEC);
    const kubeConfig = kubeConfigFor(cluster, { credential: { exec: fleet.execPlugin.execConfig(EXEC) } });
    const transport = pool.create(kubeConfig, EXEC, { requestTimeoutMs: 400 });
    const error = await failureOf(transport.request({ path: '/api' }));
    expect(error.kind).toBe('exec-plugin');
    expect(error.message).toContain('within the 400 ms deadline');
  });

  it('fails with exec-plugin and redacted stderr, never the token, when the plugin fails', async () => {
    const transport = execTransport();
    await fleet.execPlugin.setMode(EXEC, 'fail');
    const error = await failureOf(transport.request({ path: '/api' }));
    expect(error.kind).toBe('exec-plugin');
    expect(error.message).toContain('exited with code 1');
    expect(error.message).toContain('login for exec-1 failed (simulated)');
    expect(everythingSaidBy(error)).not.toContain(fleet.cluster(EXEC).tokenFor('exec-user'));
  });

  it('dispose() kills a running plugin and cancels its waiters', async () => {
    await fleet.execPlugin.setMode(EXEC, 'hang');
    const transport = execTransport(60_000);
    const pending = failureOf(transport.request({ path: '/api' }));
    await new Promise((resolve) => setImmediate(resolve));
    transport.dispose();
    expect((await pending).kind).toBe('cancelled');
  });

  it('uses a client certificate from the plugin and passes KUBERNETES_EXEC_INFO with cluster info', async () => {
    const cluster = fleet.cluster(PLAIN);
    const pair = await cluster.clientCertificateFor('viewer');
    const infoPath = join(scratch, 'exec-info.json');
    const script = [
      "const fs = require('node:fs');",
      'fs.writeFileSync(process.env.INFO_PATH, process.env.KUBERNETES_EXEC_INFO);',
      "process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential',",
      '  status: { clientCertificateData: process.env.CERT, clientKeyData: process.env.KEY } }));',
    ].join('\n');
    const kubeConfig = kubeConfigFor(cluster, {
      credential: {
        exec: {
          command: process.execPath,
          args: ['-e', script],
          env: [
            { name: 'INFO_PATH', value: infoPath },
            { name: 'CERT', value: pair.certPem },
            { name: 'KEY', value: pair.keyPem },
          ],
        },
      },
    });
    // The testkit writes provideClusterInfo: false; ask for it as a kubeconfig could.
    const user = kubeConfig.getCurrentUser() as { exec: Record<string, unknown> };
    user.exec['provideClusterInfo'] = true;
    const transport = pool.create(kubeConfig, PLAIN);
    await transport.request({ path: '/api/v1/namespaces' });
    expect(cluster.requestLog.all().at(-1)).toMatchObject({ user: 'viewer', status: 200 });
    const info = JSON.parse(await readFile(infoPath, 'utf8')) as Record<string, unknown>;
    expect(info).toMatchObject({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      spec: { interactive: false, cluster: { server: cluster.url } },
    });
  });
});
