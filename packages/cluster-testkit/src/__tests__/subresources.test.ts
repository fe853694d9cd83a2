import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCluster } from '../simulated-cluster';
import { call } from './http-client';

let cluster: SimulatedCluster;

beforeAll(async () => {
  cluster = await SimulatedCluster.start({ name: 'subresources', workload: false, logLineIntervalMs: 50 });
  await call(cluster, '/api/v1/namespaces', { method: 'POST', body: { metadata: { name: 'shop' } } });
  await call(cluster, '/api/v1/nodes', { method: 'POST', body: { metadata: { name: 'worker-1' } } });
  const deployment = {
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
      },
    },
  };
  const created = (
    await call(cluster, '/apis/apps/v1/namespaces/shop/deployments', { method: 'POST', body: deployment })
  ).json<{ metadata: { uid: string } }>();
  const rs = {
    metadata: {
      name: 'web-5d4f8',
      labels: { app: 'web' },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'web',
          uid: created.metadata.uid,
          controller: true,
        },
      ],
    },
    spec: deployment.spec,
  };
  await call(cluster, '/apis/apps/v1/namespaces/shop/replicasets', { method: 'POST', body: rs });
  await waitForPods(2);
});
afterAll(() => cluster.stop());

type PodList = { items: Array<{ metadata: { name: string }; status: { phase: string } }> };

/** Waits, bounded, until the replica controller has settled on `count` running pods. */
async function waitForPods(count: number, timeoutMs = 5000): Promise<PodList['items']> {
  const deadline = Date.now() + timeoutMs;
  let pods: PodList['items'] = [];
  while (Date.now() < deadline) {
    pods = (await call(cluster, '/api/v1/namespaces/shop/pods')).json<PodList>().items;
    if (pods.length === count && pods.every((p) => p.status.phase === 'Running')) return pods;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`expected ${count} running pods, have ${pods.length}`);
}

describe('scale', () => {
  it('reads and patches deployments/scale, and the controller follows', async () => {
    const scale = await call(cluster, '/apis/apps/v1/namespaces/shop/deployments/web/scale');
    expect(scale.json()).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 2 },
      status: { selector: 'app=web' },
    });
    const patched = await call(cluster, '/apis/apps/v1/namespaces/shop/deployments/web/scale', {
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: { spec: { replicas: 4 } },
    });
    expect(patched.json()).toMatchObject({ spec: { replicas: 4 } });
    expect(await waitForPods(4)).toHaveLength(4);
    const invalid = await call(cluster, '/apis/apps/v1/namespaces/shop/deployments/web/scale', {
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: { spec: { replicas: -1 } },
    });
    expect(invalid.status).toBe(422);
  });
});

describe('eviction', () => {
  it('evicts a pod, and refuses with 429 when a PodDisruptionBudget would be violated', async () => {
    const pods = await waitForPods(4);
    const pdb = {
      metadata: { name: 'web-pdb' },
      spec: { minAvailable: 4, selector: { matchLabels: { app: 'web' } } },
    };
    await call(cluster, '/apis/policy/v1/namespaces/shop/poddisruptionbudgets', {
      method: 'POST',
      body: pdb,
    });
    const name = pods[0]?.metadata.name as string;
    const eviction = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'shop' } };
    const refused = await call(cluster, `/api/v1/namespaces/shop/pods/${name}/eviction`, {
      method: 'POST',
      body: eviction,
    });
    expect(refused.status).toBe(429);
    expect(refused.json()).toMatchObject({
      reason: 'TooManyRequests',
      details: { causes: [{ reason: 'DisruptionBudget' }] },
    });

    await call(cluster, '/apis/policy/v1/namespaces/shop/poddisruptionbudgets/web-pdb', {
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: { spec: { minAvailable: 1 } },
    });
    const evicted = await call(cluster, `/api/v1/namespaces/shop/pods/${name}/eviction`, {
      method: 'POST',
      body: eviction,
    });
    expect(evicted.status).toBe(201);
    expect((await call(cluster, `/api/v1/namespaces/shop/pods/${name}`)).status).toBe(404);
    // The ReplicaSet replaces the evicted pod.
    const after = await waitForPods(4);
    expect(after.map((p) => p.metadata.name)).not.toContain(name);
  });
});

describe('logs', () => {
  it('returns deterministic lines with tailLines and streams with follow=true', async () => {
    const [pod] = await waitForPods(4);
    const path = `/api/v1/namespaces/shop/pods/${pod?.metadata.name}/log`;
    const tail = await call(cluster, `${path}?tailLines=1`);
    expect(tail.status).toBe(200);
    expect(tail.text.trim().split('\n')).toHaveLength(1);
    expect(tail.text).toContain(`pod=${pod?.metadata.name}`);
    const wrong = await call(cluster, `${path}?container=nope`);
    expect(wrong.status).toBe(400);

    const { request } = await import('node:https');
    const lines = await new Promise<string[]>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: cluster.port,
          path: `${path}?follow=true&tailLines=0`,
          ca: cluster.caPem,
          headers: { Authorization: `Bearer ${cluster.tokenFor('admin')}` },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString();
            const got = text.split('\n').filter(Boolean);
            if (got.length >= 3) {
              req.destroy();
              resolve(got);
            }
          });
        },
      );
      req.on('error', (error) => (error.message.includes('socket hang up') ? undefined : reject(error)));
      req.end();
    });
    expect(lines[2]).toMatch(/seq=\d+/);
  });
});

describe('log streams', () => {
  /** Follows a pod's log: `started` once the first line arrived, `ended` with all text once the server ends it. */
  const follow = async (name: string) => {
    const { request } = await import('node:https');
    let text = '';
    let firstLine: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (firstLine = resolve));
    const ended = new Promise<string>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: cluster.port,
          path: `/api/v1/namespaces/shop/pods/${name}/log?follow=true&tailLines=1`,
          ca: cluster.caPem,
          headers: { Authorization: `Bearer ${cluster.tokenFor('admin')}` },
        },
        (res) => {
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString();
            if (text.includes('\n')) firstLine();
          });
          res.on('end', () => resolve(text));
          res.on('close', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.end();
    });
    return { started, ended };
  };

  it('ends a followed log when its pod is deleted, like kubectl logs -f when the container goes', async () => {
    const [pod] = await waitForPods(4);
    const name = pod?.metadata.name as string;
    const stream = await follow(name);
    await stream.started;
    await call(cluster, `/api/v1/namespaces/shop/pods/${name}`, { method: 'DELETE' });
    expect(await stream.ended).toContain(`pod=${name}`);
    await waitForPods(4);
  });
});

describe('status', () => {
  it('writes only status through the status subresource', async () => {
    const res = await call(cluster, '/api/v1/nodes/worker-1/status', {
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: { status: { phase: 'Running' }, spec: { unschedulable: true } },
    });
    expect(res.status).toBe(200);
    const node = (await call(cluster, '/api/v1/nodes/worker-1')).json<{
      spec?: { unschedulable?: boolean };
      status: { phase: string };
    }>();
    expect(node.status.phase).toBe('Running');
    expect(node.spec?.unschedulable).toBeUndefined();
  });
});
