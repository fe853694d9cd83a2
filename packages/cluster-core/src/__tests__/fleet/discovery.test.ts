import { afterEach, describe, expect, it } from 'vitest';
import type { ClusterSession } from '../../cluster-session';
import { ClusterDiscovery } from '../../fleet/discovery';
import { createFleet } from '../../fleet/fleet-operations';
import type { TransportResponse } from '../../transport-types';
import { startFleetHarness, type FleetHarness } from '../support/fleet-harness';

let h: FleetHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const WIDGET_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.acme.io' },
  spec: {
    group: 'acme.io',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'] },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
  },
};

describe('discovery per cluster', () => {
  it('resolves names, short names, kinds and group-qualified names from aggregated discovery', async () => {
    h = await startFleetHarness({ clusters: 1 }, { connect: 'manual' });
    const discovery = createFleet(h.manager).discovery.for(h.idOf('sim-1'));
    const cases: Array<[string, string, string, string, boolean]> = [
      ['pods', '', 'v1', 'pods', true],
      ['po', '', 'v1', 'pods', true],
      ['Pod', '', 'v1', 'pods', true],
      ['deploy', 'apps', 'v1', 'deployments', true],
      ['deployments.apps', 'apps', 'v1', 'deployments', true],
      ['deployments.v1.apps', 'apps', 'v1', 'deployments', true],
      ['crontabs', 'stable.example.com', 'v1', 'crontabs', true],
      ['ct', 'stable.example.com', 'v1', 'crontabs', true],
      ['no', '', 'v1', 'nodes', false],
      ['events', '', 'v1', 'events', true],
    ];
    for (const [query, group, version, resource, namespaced] of cases) {
      expect(await discovery.resolve(query), query).toMatchObject({ group, version, resource, namespaced });
    }
    const log = h.fleet
      .cluster('sim-1')
      .requestLog.all()
      .map((e) => e.path);
    // Aggregated discovery answered in two requests, read once for all the lookups above.
    expect(log).toEqual(['/api', '/apis']);
    expect((await discovery.resources()).source).toBe('aggregated');
    await expect(discovery.resolve('gizmos')).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('treats a kind missing in one cluster as that cluster’s error only', async () => {
    h = await startFleetHarness({ clusters: 2, podsPerCluster: 1 }, { connect: 'manual' });
    const fleet = createFleet(h.manager);
    const [a, b] = [h.idOf('sim-1'), h.idOf('sim-2')];
    await fleet.clusters.create(a, WIDGET_CRD);
    await fleet.clusters.create(a, {
      apiVersion: 'acme.io/v1',
      kind: 'Widget',
      metadata: { name: 'w1', namespace: 'default' },
      spec: { size: 3 },
    });
    await fleet.clusters.delete(b, 'crd', 'crontabs.stable.example.com');

    const widgets = await fleet.list('wd');
    expect(widgets.entries.map((e) => e.status)).toEqual(['ok', 'error']);
    expect(widgets.entries[1]).toMatchObject({ clusterId: b, error: { kind: 'not-found' } });
    expect(widgets.items).toEqual([expect.objectContaining({ clusterId: a, clusterName: 'sim-1' })]);
    expect(widgets.partial).toBe(true);

    const resolved = await fleet.discovery.resolveAll('crontabs');
    expect(resolved.entries.map((e) => e.status)).toEqual(['ok', 'error']);
    expect(resolved.entries[0]).toMatchObject({ status: 'ok', value: { group: 'stable.example.com' } });
  });

  it('falls back to the legacy documents and tolerates one broken group version', async () => {
    const documents: Record<string, unknown> = {
      '/api': { kind: 'APIVersions', versions: ['v1'] },
      '/apis': {
        kind: 'APIGroupList',
        groups: [
          { name: 'apps', versions: [{ version: 'v1' }], preferredVersion: { version: 'v1' } },
          {
            name: 'metrics.k8s.io',
            versions: [{ version: 'v1beta1' }],
            preferredVersion: { version: 'v1beta1' },
          },
        ],
      },
      '/api/v1': {
        kind: 'APIResourceList',
        resources: [
          {
            name: 'pods',
            singularName: 'pod',
            namespaced: true,
            kind: 'Pod',
            shortNames: ['po'],
            verbs: ['get'],
          },
          { name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] },
        ],
      },
      '/apis/apps/v1': {
        kind: 'APIResourceList',
        resources: [
          {
            name: 'deployments',
            singularName: 'deployment',
            namespaced: true,
            kind: 'Deployment',
            shortNames: ['deploy'],
            verbs: ['get'],
          },
        ],
      },
    };
    const requested: string[] = [];
    const session = {
      clusterId: 'legacy',
      clusterName: 'legacy',
      request: (req: { path: string }): Promise<TransportResponse> => {
        requested.push(req.path);
        const body = documents[req.path];
        if (!body) return Promise.reject(new Error(`503 for ${req.path}`));
        return Promise.resolve({ status: 200, headers: {}, body, durationMs: 1 });
      },
    } as unknown as ClusterSession;
    const discovery = new ClusterDiscovery(session);
    expect(await discovery.resolve('deploy')).toEqual({
      group: 'apps',
      version: 'v1',
      resource: 'deployments',
      kind: 'Deployment',
      namespaced: true,
    });
    const read = await discovery.resources();
    expect(read).toMatchObject({ source: 'legacy', failedGroupVersions: ['metrics.k8s.io/v1beta1'] });
    expect(read.resources.find((r) => r.resource === 'pods')?.subresources).toEqual(['log']);
    expect(await discovery.resolveKind('apps/v1beta2', 'Deployment')).toMatchObject({ version: 'v1beta2' });
    await expect(discovery.resolveKind('apps/v1', 'Gizmo')).rejects.toMatchObject({ kind: 'not-found' });
  });
});
