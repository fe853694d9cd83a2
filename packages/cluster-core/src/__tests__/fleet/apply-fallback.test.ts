import { describe, expect, it } from 'vitest';
import { ClusterManager } from '../../cluster-manager';
import { FlotillaError } from '../../errors';
import { createFleet } from '../../fleet/fleet-operations';
import type { ClusterTransport, TransportRequest, TransportResponse } from '../../transport-types';

const DOCUMENTS: Record<string, unknown> = {
  '/api': { kind: 'APIVersions', versions: ['v1'] },
  '/apis': { kind: 'APIGroupList', groups: [] },
  '/api/v1': {
    kind: 'APIResourceList',
    resources: [
      { name: 'configmaps', singularName: 'configmap', namespaced: true, kind: 'ConfigMap', verbs: [] },
    ],
  },
};

/** An apiserver without server-side apply: 415 for apply patches, plain JSON otherwise. */
function oldServer(calls: string[]): ClusterTransport {
  let stored: unknown = null;
  const answer = <T>(status: number, body: unknown): TransportResponse<T> => ({
    status,
    headers: {},
    body: body as T,
    durationMs: 1,
  });
  const fail = (status: number, kind: 'not-found' | 'invalid') =>
    new FlotillaError({ clusterId: 'old', kind, status, message: `${status}` });
  return {
    request<T>(request: TransportRequest): Promise<TransportResponse<T>> {
      const method = request.method ?? 'GET';
      calls.push(`${method} ${request.path} ${request.contentType ?? ''}`.trim());
      const document = DOCUMENTS[request.path];
      if (document) return Promise.resolve(answer<T>(200, document));
      if (request.contentType === 'application/apply-patch+yaml') return Promise.reject(fail(415, 'invalid'));
      if (method === 'GET')
        return stored ? Promise.resolve(answer<T>(200, stored)) : Promise.reject(fail(404, 'not-found'));
      stored = request.body;
      return Promise.resolve(answer<T>(method === 'POST' ? 201 : 200, stored));
    },
    stream: () => Promise.reject(new Error('no streams here')),
    rebuild: () => undefined,
    invalidateCredentials: () => undefined,
    dispose: () => undefined,
  };
}

describe('apply on a server without server-side apply', () => {
  it('falls back to create, then to a merge patch, after a 415', async () => {
    const calls: string[] = [];
    const manager = new ClusterManager({ connect: 'manual', session: { heartbeat: false } });
    manager.add({
      clusterId: 'old',
      clusterName: 'old',
      source: { type: 'manual', server: 'https://old.example' },
      server: 'https://old.example',
      createTransport: () => oldServer(calls),
    });
    const fleet = createFleet(manager);
    const manifest = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'ns' },
      data: {},
    };
    await fleet.clusters.apply('old', manifest);
    await fleet.clusters.apply('old', manifest);
    const path = '/api/v1/namespaces/ns/configmaps';
    expect(calls.filter((c) => !(c.startsWith('GET') && c.slice(4) in DOCUMENTS))).toEqual([
      `PATCH ${path}/c application/apply-patch+yaml`,
      `GET ${path}/c`,
      `POST ${path}`,
      `PATCH ${path}/c application/apply-patch+yaml`,
      `GET ${path}/c`,
      `PATCH ${path}/c application/merge-patch+json`,
    ]);
    manager.dispose();
  });
});
