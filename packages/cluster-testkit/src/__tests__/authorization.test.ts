import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCluster } from '../simulated-cluster';
import { call } from './http-client';

let cluster: SimulatedCluster;

beforeAll(async () => {
  cluster = await SimulatedCluster.start({
    name: 'authz',
    workload: { pods: 10 },
    users: [
      { name: 'admin' },
      { name: 'viewer', rules: [{ verbs: ['get', 'list', 'watch'], resources: ['*'] }] },
      {
        name: 'web-dev',
        rules: [{ verbs: ['*'], resources: ['pods', 'pods/log'], namespaces: ['default'] }],
      },
    ],
  });
});
afterAll(() => cluster.stop());

describe('authorization', () => {
  it('answers 403 naming user, verb, resource and scope', async () => {
    const token = cluster.tokenFor('viewer');
    const res = await call(cluster, '/api/v1/namespaces/default/pods/x', { method: 'DELETE', token });
    expect(res.status).toBe(403);
    expect(res.json()).toMatchObject({
      reason: 'Forbidden',
      message:
        'pods "x" is forbidden: User "viewer" cannot delete resource "pods" in API group "" in the namespace "default"',
    });
    const clusterScope = await call(cluster, '/apis/apps/v1/deployments', {
      token: cluster.tokenFor('web-dev'),
    });
    expect(clusterScope.json<{ message: string }>().message).toBe(
      'deployments.apps is forbidden: User "web-dev" cannot list resource "deployments" in API group "apps" at the cluster scope',
    );
  });

  it('words namespaced lists, named cluster-scoped objects and subresources like the apiserver', async () => {
    const token = cluster.tokenFor('web-dev');
    const message = async (path: string, method = 'GET', body?: unknown) => {
      const res = await call(cluster, path, { token, method, ...(body ? { body } : {}) });
      expect(res.status).toBe(403);
      return res.json<{ message: string; details: Record<string, string> }>();
    };
    expect((await message('/api/v1/namespaces/kube-system/pods')).message).toBe(
      'pods is forbidden: User "web-dev" cannot list resource "pods" in API group "" in the namespace "kube-system"',
    );
    const node = await message('/api/v1/nodes/node-1');
    expect(node.message).toBe(
      'nodes "node-1" is forbidden: User "web-dev" cannot get resource "nodes" in API group "" at the cluster scope',
    );
    expect(node.details).toMatchObject({ name: 'node-1', group: '', kind: 'nodes' });
    const eviction = await message('/api/v1/namespaces/default/pods/web-0/eviction', 'POST', {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'web-0', namespace: 'default' },
    });
    expect(eviction.message).toBe(
      'pods "web-0" is forbidden: User "web-dev" cannot create resource "pods/eviction" in API group "" in the namespace "default"',
    );
    const scale = await message('/apis/apps/v1/namespaces/default/deployments/web/scale');
    expect(scale.message).toBe(
      'deployments.apps "web" is forbidden: User "web-dev" cannot get resource "deployments/scale" in API group "apps" in the namespace "default"',
    );
  });

  it('scopes rules to namespaces and subresources', async () => {
    const token = cluster.tokenFor('web-dev');
    expect((await call(cluster, '/api/v1/namespaces/default/pods', { token })).status).toBe(200);
    expect((await call(cluster, '/api/v1/namespaces/kube-system/pods', { token })).status).toBe(403);
    expect((await call(cluster, '/api/v1/pods', { token })).status).toBe(403);
  });

  it('forbid() denies at run time and heal() lifts it', async () => {
    cluster.faults.forbid('admin', { verbs: ['list'], resources: ['secrets'] });
    expect((await call(cluster, '/api/v1/secrets')).status).toBe(403);
    expect((await call(cluster, '/api/v1/pods')).status).toBe(200);
    await cluster.faults.heal();
    expect((await call(cluster, '/api/v1/secrets')).status).toBe(200);
  });

  it('answers SelfSubjectAccessReview from the same rules', async () => {
    const review = (user: string, resourceAttributes: Record<string, string>) =>
      call(cluster, '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        method: 'POST',
        token: cluster.tokenFor(user),
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes },
        },
      });
    const allowed = await review('viewer', { verb: 'list', resource: 'pods', namespace: 'default' });
    expect(allowed.status).toBe(201);
    expect(allowed.json()).toMatchObject({ status: { allowed: true } });
    const denied = await review('viewer', { verb: 'delete', resource: 'pods', namespace: 'default' });
    expect(denied.json()).toMatchObject({ status: { allowed: false } });
    const scoped = await review('web-dev', {
      verb: 'get',
      resource: 'pods',
      subresource: 'log',
      namespace: 'default',
    });
    expect(scoped.json()).toMatchObject({ status: { allowed: true } });
  });

  it('answers reviews from the run-time deny rules too', async () => {
    const review = () =>
      call(cluster, '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        method: 'POST',
        body: {
          spec: { resourceAttributes: { verb: 'list', resource: 'secrets', namespace: 'default' } },
        },
      });
    expect((await review()).json()).toMatchObject({ status: { allowed: true } });
    cluster.faults.forbid('admin', { verbs: ['list'], resources: ['secrets'] });
    try {
      expect((await review()).json()).toMatchObject({ status: { allowed: false, denied: true } });
      expect((await call(cluster, '/api/v1/namespaces/default/secrets')).status).toBe(403);
      const rules = await call(cluster, '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', {
        method: 'POST',
        body: { spec: { namespace: 'default' } },
      });
      // Deny rules are not expressible as RBAC rules, so the answer says it is incomplete.
      expect(rules.json()).toMatchObject({ status: { incomplete: true } });
    } finally {
      await cluster.faults.heal();
    }
    expect((await review()).json()).toMatchObject({ status: { allowed: true } });
  });

  it('answers SelfSubjectRulesReview with the rules for a namespace', async () => {
    const rules = await call(cluster, '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', {
      method: 'POST',
      token: cluster.tokenFor('web-dev'),
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectRulesReview',
        spec: { namespace: 'default' },
      },
    });
    expect(rules.json()).toMatchObject({
      status: { resourceRules: [{ verbs: ['*'], resources: ['pods', 'pods/log'] }], incomplete: false },
    });
    const elsewhere = await call(cluster, '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', {
      method: 'POST',
      token: cluster.tokenFor('web-dev'),
      body: { spec: { namespace: 'kube-system' } },
    });
    expect(elsewhere.json<{ status: { resourceRules: unknown[] } }>().status.resourceRules).toEqual([]);
  });
});

describe('token faults', () => {
  it('revokeToken → 401 until restoreToken; rotateToken invalidates the old token', async () => {
    cluster.faults.revokeToken('viewer');
    const revoked = await call(cluster, '/api/v1/pods', { token: cluster.tokenFor('viewer') });
    expect(revoked.status).toBe(401);
    expect(revoked.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized' });
    expect((await call(cluster, '/api/v1/pods')).status).toBe(200);
    cluster.faults.restoreToken('viewer');
    expect((await call(cluster, '/api/v1/pods', { token: cluster.tokenFor('viewer') })).status).toBe(200);

    const old = cluster.tokenFor('viewer');
    const fresh = cluster.faults.rotateToken('viewer');
    expect(fresh).not.toBe(old);
    expect((await call(cluster, '/api/v1/pods', { token: old })).status).toBe(401);
    expect((await call(cluster, '/api/v1/pods', { token: fresh })).status).toBe(200);

    // heal() lifts revocations but a rotation stays: the old token never comes back.
    await cluster.faults.heal();
    expect((await call(cluster, '/api/v1/pods', { token: old })).status).toBe(401);
    expect(cluster.tokenFor('viewer')).toBe(fresh);
  });
});
