import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCluster } from '../simulated-cluster';
import { call } from './http-client';

let cluster: SimulatedCluster;

beforeAll(async () => {
  cluster = await SimulatedCluster.start({ name: 'basics', workload: { pods: 20, namespaces: 2, nodes: 3 } });
});
afterAll(() => cluster.stop());

describe('public endpoints', () => {
  it('answers /version, /healthz, /livez and /readyz without credentials', async () => {
    const version = await call(cluster, '/version', { token: null });
    expect(version.status).toBe(200);
    expect(version.json()).toMatchObject({ major: '1', minor: '31', gitVersion: 'v1.31.4' });
    for (const path of ['/healthz', '/livez', '/readyz']) {
      const res = await call(cluster, path, { token: null });
      expect(res.status).toBe(200);
      expect(res.text).toBe('ok');
    }
    const verbose = await call(cluster, '/readyz?verbose', { token: null });
    expect(verbose.text).toContain('[+]etcd ok');
    expect(verbose.text).toContain('readyz check passed');
  });

  it('rejects an invalid token even on public endpoints, like the apiserver', async () => {
    const res = await call(cluster, '/version', { token: 'not-a-token' });
    expect(res.status).toBe(401);
  });
});

describe('authentication', () => {
  it('answers 401 with a Status body without credentials', async () => {
    const res = await call(cluster, '/api/v1/pods', { token: null });
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Unauthorized',
      code: 401,
    });
  });

  it('accepts client certificates signed by the cluster CA', async () => {
    const cert = await cluster.clientCertificateFor('viewer');
    const res = await call(cluster, '/api/v1/namespaces', { token: null, cert });
    expect(res.status).toBe(200);
    const log = await cluster.requestLog.waitFor((e) => e.credential === 'x509:viewer');
    expect(log).toMatchObject({ path: '/api/v1/namespaces', user: 'viewer', status: 200 });
  });

  it('answers 401 with a Status body for an unknown token', async () => {
    const res = await call(cluster, '/api/v1/pods', { token: 'not-a-token' });
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
  });

  it('refuses a client certificate signed by another CA, even on public endpoints', async () => {
    const stranger = await SimulatedCluster.start({ name: 'stranger', workload: false });
    try {
      const cert = await stranger.clientCertificateFor('admin');
      const res = await call(cluster, '/api/v1/namespaces', { token: null, cert });
      expect(res.status).toBe(401);
      expect(res.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized' });
      expect((await call(cluster, '/readyz', { token: null, cert })).status).toBe(401);
      const log = await cluster.requestLog.waitFor((e) => e.credential === 'x509:unverified');
      expect(log).toMatchObject({ user: null, status: 401 });
    } finally {
      await stranger.stop();
    }
  });

  it('authorizes a certificate user by its own rules', async () => {
    const cert = await cluster.clientCertificateFor('viewer');
    const res = await call(cluster, '/api/v1/namespaces/default/configmaps', {
      token: null,
      cert,
      method: 'POST',
      body: { metadata: { name: 'x' } },
    });
    expect(res.status).toBe(403);
    expect(res.json<{ message: string }>().message).toContain(
      'User "viewer" cannot create resource "configmaps"',
    );
  });

  it('never logs a token, only its fingerprint', async () => {
    await call(cluster, '/api/v1/namespaces');
    const token = cluster.tokenFor('admin');
    expect(JSON.stringify(cluster.requestLog.all())).not.toContain(token);
  });
});

describe('discovery', () => {
  it('serves legacy /api, /apis and group versions', async () => {
    expect((await call(cluster, '/api')).json()).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = (await call(cluster, '/apis')).json<{ groups: Array<{ name: string }> }>();
    expect(groups.groups.map((g) => g.name)).toEqual(
      expect.arrayContaining(['apps', 'policy', 'authorization.k8s.io', 'stable.example.com']),
    );
    const core = (await call(cluster, '/api/v1')).json<{
      resources: Array<{ name: string; shortNames?: string[]; categories?: string[] }>;
    }>();
    const pods = core.resources.find((r) => r.name === 'pods');
    expect(pods).toMatchObject({ shortNames: ['po'], categories: ['all'], namespaced: true });
    expect(core.resources.map((r) => r.name)).toEqual(
      expect.arrayContaining(['pods/log', 'pods/eviction', 'namespaces', 'nodes']),
    );
    const apps = (await call(cluster, '/apis/apps/v1')).json<{
      resources: Array<{ name: string; shortNames?: string[] }>;
    }>();
    expect(apps.resources.find((r) => r.name === 'deployments')?.shortNames).toEqual(['deploy']);
    expect((await call(cluster, '/apis/nothing.example.com/v1')).status).toBe(404);
  });

  it('answers aggregated discovery only for the exact media type asked for', async () => {
    for (const version of ['v2', 'v2beta1'] as const) {
      const accept = `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList,application/json`;
      const res = await call(cluster, '/apis', { accept });
      expect(res.headers['content-type']).toBe(
        `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`,
      );
      const body = res.json<{ apiVersion: string; items: Array<{ metadata: { name?: string } }> }>();
      expect(body.apiVersion).toBe(`apidiscovery.k8s.io/${version}`);
      expect(body.items.map((i) => i.metadata.name)).toContain('apps');
    }
    // kubectl 1.27 asks for v2beta1 only; an unknown version falls through to the legacy document.
    const legacy = await call(cluster, '/api', {
      accept: 'application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList,application/json',
    });
    expect(legacy.json()).toMatchObject({ kind: 'APIVersions' });
    const core = await call(cluster, '/api', {
      accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    });
    const item = core.json<{
      items: Array<{ versions: Array<{ resources: Array<{ resource: string; scope: string }> }> }>;
    }>().items[0];
    expect(item?.versions[0]?.resources.find((r) => r.resource === 'nodes')?.scope).toBe('Cluster');
  });

  it('serves OpenShift config.openshift.io with a ClusterVersion only for the openshift flavor', async () => {
    const openshift = await SimulatedCluster.start({
      name: 'ocp',
      flavor: 'openshift',
      workload: { pods: 5 },
    });
    try {
      const res = await call(openshift, '/apis/config.openshift.io/v1/clusterversions/version');
      expect(res.status).toBe(200);
      expect(res.json()).toMatchObject({ kind: 'ClusterVersion', metadata: { name: 'version' } });
      expect((await call(openshift, '/version')).json<{ gitVersion: string }>().gitVersion).toMatch(
        /^v1\.\d+\.\d+\+/,
      );
      expect((await call(cluster, '/apis/config.openshift.io/v1/clusterversions')).status).toBe(404);
    } finally {
      await openshift.stop();
    }
  });
});

describe('lifecycle', () => {
  it('restarts on the same port and keeps its state', async () => {
    const port = cluster.port;
    const before = (await call(cluster, '/api/v1/pods')).json<{ items: unknown[] }>().items.length;
    await cluster.restart();
    expect(cluster.port).toBe(port);
    expect((await call(cluster, '/api/v1/pods')).json<{ items: unknown[] }>().items.length).toBe(before);
  });
});
