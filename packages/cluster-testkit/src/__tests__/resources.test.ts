import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCluster } from '../simulated-cluster';
import { call } from './http-client';

let cluster: SimulatedCluster;
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

beforeAll(async () => {
  cluster = await SimulatedCluster.start({
    name: 'resources',
    workload: { pods: 40, namespaces: 3, nodes: 3 },
  });
});
afterAll(() => cluster.stop());

type List = {
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: Array<{
    metadata: { name: string; namespace?: string; labels?: Record<string, string> };
    spec?: { nodeName?: string };
    status?: { phase?: string };
  }>;
};

describe('list', () => {
  it('filters by label selector operators', async () => {
    const all = (await call(cluster, '/api/v1/pods')).json<List>().items;
    const app = all.find((p) => p.metadata.labels?.['app'])?.metadata.labels?.['app'] as string;
    const eq = (
      await call(cluster, `/api/v1/pods?labelSelector=${encodeURIComponent(`app=${app}`)}`)
    ).json<List>().items;
    expect(eq.length).toBeGreaterThan(0);
    expect(eq.every((p) => p.metadata.labels?.['app'] === app)).toBe(true);
    const ne = (
      await call(cluster, `/api/v1/pods?labelSelector=${encodeURIComponent(`app!=${app}`)}`)
    ).json<List>().items;
    expect(ne.length).toBe(all.length - eq.length);
    const inSet = (
      await call(cluster, `/api/v1/pods?labelSelector=${encodeURIComponent(`app in (${app},nothing)`)}`)
    ).json<List>().items;
    expect(inSet.length).toBe(eq.length);
    const notIn = (
      await call(cluster, `/api/v1/pods?labelSelector=${encodeURIComponent(`app notin (${app})`)}`)
    ).json<List>().items;
    expect(notIn.length).toBe(all.length - eq.length);
    const exists = (await call(cluster, '/api/v1/pods?labelSelector=app')).json<List>().items;
    const notExists = (
      await call(cluster, `/api/v1/pods?labelSelector=${encodeURIComponent('!app')}`)
    ).json<List>().items;
    expect(exists.length + notExists.length).toBe(all.length);
    const bad = await call(cluster, `/api/v1/pods?labelSelector=${encodeURIComponent('app in (')}`);
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
  });

  it('filters by field selector', async () => {
    const all = (await call(cluster, '/api/v1/pods')).json<List>().items;
    const node = all[0]?.spec?.nodeName as string;
    const onNode = (await call(cluster, `/api/v1/pods?fieldSelector=spec.nodeName%3D${node}`)).json<List>()
      .items;
    expect(onNode.length).toBe(all.filter((p) => p.spec?.nodeName === node).length);
    const running = (await call(cluster, '/api/v1/pods?fieldSelector=status.phase%3DRunning')).json<List>()
      .items;
    expect(running.every((p) => p.status?.phase === 'Running')).toBe(true);
    const byName = (
      await call(
        cluster,
        `/api/v1/namespaces/${all[0]?.metadata.namespace}/pods?fieldSelector=metadata.name%3D${all[0]?.metadata.name}`,
      )
    ).json<List>().items;
    expect(byName).toHaveLength(1);
    const namespace = all[0]?.metadata.namespace as string;
    const inNamespace = (
      await call(cluster, `/api/v1/pods?fieldSelector=metadata.namespace%3D${namespace}`)
    ).json<List>().items;
    expect(inNamespace.length).toBe(all.filter((p) => p.metadata.namespace === namespace).length);
    const elsewhere = (
      await call(
        cluster,
        `/api/v1/pods?fieldSelector=${encodeURIComponent(`metadata.namespace!=${namespace},status.phase=Running`)}`,
      )
    ).json<List>().items;
    expect(elsewhere.length).toBe(
      all.filter((p) => p.metadata.namespace !== namespace && p.status?.phase === 'Running').length,
    );
    const bogus = await call(cluster, '/api/v1/pods?fieldSelector=spec.bogus%3Dx');
    expect(bogus.status).toBe(400);
    expect(bogus.json<{ message: string }>().message).toBe('field label not supported: spec.bogus');
  });

  it('paginates with limit and continue, and answers 410 for a compacted continue token', async () => {
    const all = (await call(cluster, '/api/v1/pods'))
      .json<List>()
      .items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = (
        await call(cluster, `/api/v1/pods?limit=7${token ? `&continue=${token}` : ''}`)
      ).json<List>();
      seen.push(...page.items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
      if (page.metadata.continue) expect(page.metadata.remainingItemCount).toBe(all.length - seen.length);
      token = page.metadata.continue;
      pages++;
    } while (token);
    expect(seen).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 7));

    const first = (await call(cluster, '/api/v1/pods?limit=5')).json<List>();
    cluster.faults.expireResourceVersions();
    const expired = await call(cluster, `/api/v1/pods?limit=5&continue=${first.metadata.continue}`);
    expect(expired.status).toBe(410);
    expect(expired.json()).toMatchObject({ reason: 'Expired', code: 410 });
  });

  it('stamps lists with the current revision and serves resourceVersionMatch=Exact only for it', async () => {
    const before = (await call(cluster, '/api/v1/namespaces/default/configmaps')).json<List>().metadata
      .resourceVersion;
    const exact = await call(
      cluster,
      `/api/v1/namespaces/default/configmaps?resourceVersion=${before}&resourceVersionMatch=Exact`,
    );
    expect(exact.status).toBe(200);
    await call(cluster, '/api/v1/namespaces/default/configmaps', {
      method: 'POST',
      body: { metadata: { name: 'rv-bump' } },
    });
    const after = (await call(cluster, '/api/v1/namespaces/default/configmaps')).json<List>().metadata
      .resourceVersion;
    expect(Number(after)).toBeGreaterThan(Number(before));
    // The kit keeps no snapshots: an older exact revision is treated as compacted.
    const stale = await call(
      cluster,
      `/api/v1/namespaces/default/configmaps?resourceVersion=${before}&resourceVersionMatch=Exact`,
    );
    expect(stale.status).toBe(410);
    expect(stale.json()).toMatchObject({ kind: 'Status', reason: 'Expired' });
    // resourceVersion=0 (any cached state) is the current state.
    const any = (await call(cluster, '/api/v1/namespaces/default/configmaps?resourceVersion=0')).json<List>();
    expect(any.items.map((c) => c.metadata.name)).toContain('rv-bump');
    await call(cluster, '/api/v1/namespaces/default/configmaps/rv-bump', { method: 'DELETE' });
  });

  it('answers a server-side Table for kubectl', async () => {
    const res = await call(cluster, '/api/v1/pods', { accept: TABLE });
    expect(res.headers['content-type']).toBe('application/json;as=Table;v=v1;g=meta.k8s.io');
    const table = res.json<{
      kind: string;
      columnDefinitions: Array<{ name: string }>;
      rows: Array<{ cells: unknown[]; object: { metadata: { namespace: string } } }>;
    }>();
    expect(table.kind).toBe('Table');
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(
      expect.arrayContaining(['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node']),
    );
    expect(table.rows.length).toBe(40);
    expect(table.rows[0]?.object.metadata.namespace).toBeTruthy();
  });

  it.each([
    ['/api/v1/pods', 'Name,Ready,Status,Restarts,Age,IP,Node,Nominated Node,Readiness Gates'],
    [
      '/api/v1/nodes',
      'Name,Status,Roles,Age,Version,Internal-IP,External-IP,OS-Image,Kernel-Version,Container-Runtime',
    ],
    ['/apis/apps/v1/deployments', 'Name,Ready,Up-to-date,Available,Age,Containers,Images,Selector'],
    ['/api/v1/namespaces', 'Name,Status,Age'],
  ])('answers a Table with kubectl’s columns for %s', async (path, columns) => {
    const res = await call(cluster, path, { accept: TABLE });
    expect(res.headers['content-type']).toBe('application/json;as=Table;v=v1;g=meta.k8s.io');
    const table = res.json<{
      apiVersion: string;
      metadata: { resourceVersion: string };
      columnDefinitions: Array<{ name: string; priority: number }>;
      rows: Array<{ cells: unknown[]; object: { kind: string; metadata: { name: string } } }>;
    }>();
    expect(table.apiVersion).toBe('meta.k8s.io/v1');
    expect(table.columnDefinitions.map((c) => c.name).join(',')).toBe(columns);
    const stored = (await call(cluster, path)).json<List>().items.map((o) => o.metadata.name);
    expect(table.rows.map((r) => r.cells[0]).sort()).toEqual([...stored].sort());
    for (const row of table.rows) {
      expect(row.cells).toHaveLength(table.columnDefinitions.length);
      expect(row.object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: row.cells[0] } });
    }
  });

  it('answers a one-row Table for a single object', async () => {
    const ns = (await call(cluster, '/api/v1/namespaces/default', { accept: TABLE })).json<{
      rows: Array<{ cells: unknown[] }>;
    }>();
    expect(ns.rows).toHaveLength(1);
    expect(ns.rows[0]?.cells.slice(0, 2)).toEqual(['default', 'Active']);
  });

  it('answers 404 for unknown resources and missing objects', async () => {
    expect((await call(cluster, '/api/v1/widgets')).status).toBe(404);
    const missing = await call(cluster, '/api/v1/namespaces/default/pods/nope');
    expect(missing.status).toBe(404);
    expect(missing.json()).toMatchObject({
      reason: 'NotFound',
      message: 'pods "nope" not found',
      details: { name: 'nope', kind: 'pods' },
    });
  });
});

describe('writes', () => {
  const cm = (name: string, data: Record<string, string> = { a: '1' }) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name },
    data,
  });

  it('creates, conflicts, updates, patches and deletes', async () => {
    const created = await call(cluster, '/api/v1/namespaces/default/configmaps', {
      method: 'POST',
      body: cm('one'),
    });
    expect(created.status).toBe(201);
    const object = created.json<{ metadata: { uid: string; resourceVersion: string; namespace: string } }>();
    expect(object.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(object.metadata.namespace).toBe('default');
    expect(
      (await call(cluster, '/api/v1/namespaces/default/configmaps', { method: 'POST', body: cm('one') }))
        .status,
    ).toBe(409);

    const stale = { ...cm('one', { a: '2' }), metadata: { name: 'one', resourceVersion: '1' } };
    const conflict = await call(cluster, '/api/v1/namespaces/default/configmaps/one', {
      method: 'PUT',
      body: stale,
    });
    expect(conflict.status).toBe(409);
    expect(conflict.json()).toMatchObject({ reason: 'Conflict' });
    const fresh = {
      ...cm('one', { a: '2' }),
      metadata: { name: 'one', resourceVersion: object.metadata.resourceVersion },
    };
    expect(
      (await call(cluster, '/api/v1/namespaces/default/configmaps/one', { method: 'PUT', body: fresh }))
        .status,
    ).toBe(200);

    const merge = await call(cluster, '/api/v1/namespaces/default/configmaps/one', {
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: { data: { b: '3' } },
    });
    expect(merge.json()).toMatchObject({ data: { a: '2', b: '3' } });
    const jsonPatch = await call(cluster, '/api/v1/namespaces/default/configmaps/one', {
      method: 'PATCH',
      contentType: 'application/json-patch+json',
      body: [{ op: 'remove', path: '/data/a' }],
    });
    expect(jsonPatch.json<{ data: Record<string, string> }>().data).toEqual({ b: '3' });
    const unsupported = await call(cluster, '/api/v1/namespaces/default/configmaps/one', {
      method: 'PATCH',
      contentType: 'text/plain',
      body: 'x',
    });
    expect(unsupported.status).toBe(415);

    const dry = await call(cluster, '/api/v1/namespaces/default/configmaps/one?dryRun=All', {
      method: 'DELETE',
    });
    expect(dry.status).toBe(200);
    expect((await call(cluster, '/api/v1/namespaces/default/configmaps/one')).status).toBe(200);
    expect(
      (await call(cluster, '/api/v1/namespaces/default/configmaps/one', { method: 'DELETE' })).status,
    ).toBe(200);
    expect((await call(cluster, '/api/v1/namespaces/default/configmaps/one')).status).toBe(404);
  });

  it('applies server-side apply as create-or-merge and requires a fieldManager', async () => {
    const path = '/api/v1/namespaces/default/configmaps/applied';
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  k: v\n';
    expect(
      (
        await call(cluster, path, {
          method: 'PATCH',
          contentType: 'application/apply-patch+yaml',
          body: yaml,
        })
      ).status,
    ).toBe(400);
    const created = await call(cluster, `${path}?fieldManager=test`, {
      method: 'PATCH',
      contentType: 'application/apply-patch+yaml',
      body: yaml,
    });
    expect(created.status).toBe(201);
    const again = await call(cluster, `${path}?fieldManager=test`, {
      method: 'PATCH',
      contentType: 'application/apply-patch+yaml',
      body: yaml.replace('k: v', 'k: w'),
    });
    expect(again.json()).toMatchObject({ data: { k: 'w' } });
  });

  it('refuses objects in missing namespaces, garbage JSON and oversized bodies', async () => {
    const missing = await call(cluster, '/api/v1/namespaces/ghost/configmaps', {
      method: 'POST',
      body: cm('x'),
    });
    expect(missing.status).toBe(404);
    expect(missing.json()).toMatchObject({ message: 'namespaces "ghost" not found' });
    const garbage = await call(cluster, '/api/v1/namespaces/default/configmaps', {
      method: 'POST',
      body: '{"kind": ',
    });
    expect(garbage.status).toBe(400);
    const small = await SimulatedCluster.start({ name: 'small', workload: false, maxRequestBodyBytes: 1024 });
    try {
      await call(small, '/api/v1/namespaces', { method: 'POST', body: { metadata: { name: 'default' } } });
      const big = await call(small, '/api/v1/namespaces/default/configmaps', {
        method: 'POST',
        body: cm('big', { blob: 'x'.repeat(5000) }),
      });
      expect(big.status).toBe(413);
    } finally {
      await small.stop();
    }
  });

  it('serves a CRD-backed kind and adds kinds when a CRD is created', async () => {
    const crontabs = await call(cluster, '/apis/stable.example.com/v1/crontabs');
    expect(crontabs.status).toBe(200);
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.acme.io' },
      spec: {
        group: 'acme.io',
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'] },
        versions: [
          { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } },
        ],
      },
    };
    expect(
      (
        await call(cluster, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
          method: 'POST',
          body: crd,
        })
      ).status,
    ).toBe(201);
    const widget = { apiVersion: 'acme.io/v1', kind: 'Widget', metadata: { name: 'w1' }, spec: { size: 3 } };
    expect(
      (await call(cluster, '/apis/acme.io/v1/namespaces/default/widgets', { method: 'POST', body: widget }))
        .status,
    ).toBe(201);
    const discovery = (await call(cluster, '/apis/acme.io/v1')).json<{
      resources: Array<{ name: string; shortNames: string[] }>;
    }>();
    expect(discovery.resources[0]).toMatchObject({ name: 'widgets', shortNames: ['wd'] });
  });
});
