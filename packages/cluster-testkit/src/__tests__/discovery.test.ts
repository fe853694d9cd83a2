import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCluster } from '../simulated-cluster';
import { call } from './http-client';

let cluster: SimulatedCluster;

beforeAll(async () => {
  cluster = await SimulatedCluster.start({ name: 'discovery', workload: { pods: 10 } });
});
afterAll(() => cluster.stop());

const V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const V2BETA1 = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';
const V2_PROTOBUF = 'application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Short names and categories of the served built-ins, as `kubectl api-resources` shows them on a real cluster. */
const KUBERNETES_NAMES: Record<string, { shortNames: string[]; categories: string[] }> = {
  'v1/namespaces': { shortNames: ['ns'], categories: [] },
  'v1/nodes': { shortNames: ['no'], categories: [] },
  'v1/pods': { shortNames: ['po'], categories: ['all'] },
  'v1/services': { shortNames: ['svc'], categories: ['all'] },
  'v1/configmaps': { shortNames: ['cm'], categories: [] },
  'v1/secrets': { shortNames: [], categories: [] },
  'v1/events': { shortNames: ['ev'], categories: [] },
  'apps/v1/deployments': { shortNames: ['deploy'], categories: ['all'] },
  'apps/v1/replicasets': { shortNames: ['rs'], categories: ['all'] },
  'apps/v1/statefulsets': { shortNames: ['sts'], categories: ['all'] },
  'apps/v1/daemonsets': { shortNames: ['ds'], categories: ['all'] },
  'policy/v1/poddisruptionbudgets': { shortNames: ['pdb'], categories: [] },
  'apiextensions.k8s.io/v1/customresourcedefinitions': {
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
  },
  'stable.example.com/v1/crontabs': { shortNames: ['ct'], categories: ['all'] },
};

interface LegacyResource {
  name: string;
  shortNames?: string[];
  categories?: string[];
}
interface AggregatedResource {
  resource: string;
  shortNames?: string[];
  categories?: string[];
}
interface AggregatedList {
  apiVersion: string;
  items: Array<{
    metadata: { name?: string };
    versions: Array<{ version: string; resources: AggregatedResource[] }>;
  }>;
}

const namesOf = (r: { shortNames?: string[]; categories?: string[] }) => ({
  shortNames: r.shortNames ?? [],
  categories: r.categories ?? [],
});

async function legacyNames(): Promise<Record<string, ReturnType<typeof namesOf>>> {
  const out: Record<string, ReturnType<typeof namesOf>> = {};
  for (const key of Object.keys(KUBERNETES_NAMES)) {
    const groupVersion = key.slice(0, key.lastIndexOf('/'));
    const plural = key.slice(key.lastIndexOf('/') + 1);
    const path = groupVersion === 'v1' ? '/api/v1' : `/apis/${groupVersion}`;
    const list = (await call(cluster, path)).json<{ resources: LegacyResource[] }>();
    const resource = list.resources.find((r) => r.name === plural);
    if (resource) out[key] = namesOf(resource);
  }
  return out;
}

async function aggregatedNames(accept: string): Promise<Record<string, ReturnType<typeof namesOf>>> {
  const out: Record<string, ReturnType<typeof namesOf>> = {};
  for (const path of ['/api', '/apis']) {
    const body = (await call(cluster, path, { accept })).json<AggregatedList>();
    for (const group of body.items) {
      for (const version of group.versions) {
        const prefix = group.metadata.name ? `${group.metadata.name}/${version.version}` : version.version;
        for (const resource of version.resources) {
          const key = `${prefix}/${resource.resource}`;
          if (key in KUBERNETES_NAMES) out[key] = namesOf(resource);
        }
      }
    }
  }
  return out;
}

describe('short names and categories', () => {
  it('match Kubernetes in legacy discovery', async () => {
    expect(await legacyNames()).toEqual(KUBERNETES_NAMES);
  });

  it('match Kubernetes in aggregated discovery v2 and v2beta1', async () => {
    expect(await aggregatedNames(V2)).toEqual(KUBERNETES_NAMES);
    expect(await aggregatedNames(V2BETA1)).toEqual(KUBERNETES_NAMES);
  });
});

describe('aggregated discovery negotiation', () => {
  const ask = async (accept: string | undefined, path = '/apis') => {
    const res = await call(cluster, path, accept === undefined ? {} : { accept });
    return { status: res.status, contentType: res.headers['content-type'], body: res.json() };
  };

  it('gives kubectl 1.30+ v2 when it offers v2, v2beta1 and plain JSON, in that order', async () => {
    const res = await ask(`${V2},${V2BETA1},application/json;q=0.9`);
    expect(res.contentType).toBe(V2);
    expect(res.body).toMatchObject({ kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2' });
  });

  it('gives kubectl 1.27–1.29 v2beta1 when that is the only aggregated type offered', async () => {
    const res = await ask(`${V2BETA1},application/json`);
    expect(res.contentType).toBe(V2BETA1);
    expect(res.body).toMatchObject({ apiVersion: 'apidiscovery.k8s.io/v2beta1' });
  });

  it('skips a protobuf offer and answers the first JSON form it serves', async () => {
    const res = await ask(`${V2_PROTOBUF},${V2},application/json`);
    expect(res.contentType).toBe(V2);
  });

  it('reads parameters in any order and honours q weights over list order', async () => {
    const reordered = await ask('application/json;as=APIGroupDiscoveryList;v=v2beta1;g=apidiscovery.k8s.io');
    expect(reordered.contentType).toBe(V2BETA1);
    const weighted = await ask(`${V2};q=0.5,${V2BETA1}`);
    expect(weighted.contentType).toBe(V2BETA1);
    const legacyPreferred = await ask(`${V2};q=0.5,application/json`);
    expect(legacyPreferred.body).toMatchObject({ kind: 'APIGroupList' });
  });

  it('answers the legacy documents for plain JSON, a wildcard or no Accept at all', async () => {
    for (const accept of ['application/json', '*/*', undefined]) {
      expect((await ask(accept)).body).toMatchObject({ kind: 'APIGroupList' });
      expect((await ask(accept, '/api')).body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    }
  });

  it('answers 406 when only media types it does not serve are acceptable', async () => {
    const res = await ask('application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList');
    expect(res.status).toBe(406);
    expect(res.body).toMatchObject({ kind: 'Status', reason: 'NotAcceptable', code: 406 });
    expect((await ask(V2_PROTOBUF)).status).toBe(406);
  });

  it('puts only the core group under /api and only named groups under /apis', async () => {
    const core = (await ask(V2, '/api')).body as unknown as AggregatedList;
    expect(core.items).toHaveLength(1);
    expect(core.items[0]?.metadata.name).toBeUndefined();
    const groups = (await ask(V2)).body as unknown as AggregatedList;
    expect(groups.items.every((g) => typeof g.metadata.name === 'string' && g.metadata.name !== '')).toBe(
      true,
    );
  });
});

describe('the CustomResourceDefinition-backed kind', () => {
  it('is declared by a stored CRD and serves the seeded CronTabs', async () => {
    const crd = await call(
      cluster,
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/crontabs.stable.example.com',
    );
    expect(crd.status).toBe(200);
    expect(crd.json()).toMatchObject({
      spec: { group: 'stable.example.com', names: { kind: 'CronTab', plural: 'crontabs' } },
    });
    const list = (await call(cluster, '/apis/stable.example.com/v1/crontabs')).json<{
      kind: string;
      items: Array<{ kind: string; spec: { cronSpec: string } }>;
    }>();
    expect(list.kind).toBe('CronTabList');
    expect(list.items.length).toBeGreaterThan(0);
    for (const item of list.items) expect(item.spec.cronSpec).toEqual(expect.any(String));
  });

  it('disappears from discovery and the API when its CRD is deleted, and comes back when re-created', async () => {
    const scratch = await SimulatedCluster.start({ name: 'crd-lifecycle', workload: { pods: 2 } });
    try {
      const crdPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/crontabs.stable.example.com';
      const crd = (await call(scratch, crdPath)).json<Record<string, unknown>>();
      expect((await call(scratch, crdPath, { method: 'DELETE' })).status).toBe(200);
      expect((await call(scratch, '/apis/stable.example.com/v1/crontabs')).status).toBe(404);
      expect((await call(scratch, '/apis/stable.example.com/v1')).status).toBe(404);
      const groups = (await call(scratch, '/apis')).json<{ groups: Array<{ name: string }> }>();
      expect(groups.groups.map((g) => g.name)).not.toContain('stable.example.com');

      const { metadata, ...rest } = crd as { metadata: { name: string } };
      const recreated = await call(scratch, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
        method: 'POST',
        body: { ...rest, metadata: { name: metadata.name } },
      });
      expect(recreated.status).toBe(201);
      // Deleting a CRD deletes its objects, as the apiserver does: the new kind starts empty.
      const after = await call(scratch, '/apis/stable.example.com/v1/crontabs');
      expect(after.status).toBe(200);
      expect(after.json<{ items: unknown[] }>().items).toEqual([]);
    } finally {
      await scratch.stop();
    }
  });
});
