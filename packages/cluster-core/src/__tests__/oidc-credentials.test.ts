import type { RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { SimulatedCluster } from '@flotilla/cluster-testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OidcSource } from '../node/credentials/oidc-source';
import { everythingSaidBy, failureOf, kubeConfigFromYaml, TransportPool } from './support/transport-fixtures';

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** An unsigned JWT; client-node only reads its `exp` to decide whether to refresh. */
const jwt = (expiresInSeconds: number, subject: string) =>
  `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({
    sub: subject,
    exp: Math.floor(Date.now() / 1000) + expiresInSeconds,
  })}.unsigned-signature`;

const VALID = jwt(3600, 'alice');
const EXPIRED = jwt(-3600, 'bob');

let alpha: SimulatedCluster;
let bravo: SimulatedCluster;
const pool = new TransportPool();

const users = [
  { name: 'admin', groups: ['system:masters'] },
  { name: 'alice', groups: ['system:masters'], token: VALID },
  { name: 'bob', groups: ['system:masters'], token: EXPIRED },
];

beforeAll(async () => {
  [alpha, bravo] = await Promise.all([
    SimulatedCluster.start({ name: 'alpha', workload: { pods: 2 }, users }),
    SimulatedCluster.start({ name: 'bravo', workload: { pods: 2 }, users }),
  ]);
});
afterEach(() => pool.disposeAll());
afterAll(() => Promise.all([alpha.stop(), bravo.stop()]));

/** A kubeconfig whose user logs in through `auth-provider: oidc` (as `kubectl oidc-login` writes). */
function oidcKubeConfig(cluster: SimulatedCluster, idToken: string): KubeConfig {
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: cluster.name,
        cluster: {
          server: cluster.url,
          'certificate-authority-data': Buffer.from(cluster.caPem).toString('base64'),
        },
      },
    ],
    users: [
      {
        name: 'oidc',
        user: {
          'auth-provider': {
            name: 'oidc',
            config: { 'client-id': 'flotilla', 'idp-issuer-url': 'https://127.0.0.1:9', 'id-token': idToken },
          },
        },
      },
    ],
    contexts: [{ name: cluster.name, context: { cluster: cluster.name, user: 'oidc' } }],
    'current-context': cluster.name,
  };
  return kubeConfigFromYaml(JSON.stringify(doc));
}

describe('OIDC auth-provider credentials', () => {
  it('sends the id-token of the cluster’s own user', async () => {
    const transport = pool.create(oidcKubeConfig(alpha, VALID), 'alpha');
    expect((await transport.request({ path: '/api/v1/namespaces' })).status).toBe(200);
    expect(alpha.requestLog.all().at(-1)?.user).toBe('alice');
  });

  it('turns an expired id-token that cannot be refreshed into an auth error of that cluster only', async () => {
    const expired = pool.create(oidcKubeConfig(alpha, EXPIRED), 'alpha');
    const healthy = pool.create(oidcKubeConfig(bravo, VALID), 'bravo');
    const error = await failureOf(expired.request({ path: '/api/v1/namespaces' }));
    expect(error).toMatchObject({ kind: 'auth', clusterId: 'test:alpha', clusterName: 'alpha' });
    expect(error.message).toContain('OIDC');
    expect(everythingSaidBy(error)).not.toContain(EXPIRED);
    expect((await healthy.request({ path: '/api/v1/namespaces' })).status).toBe(200);
    expect(bravo.requestLog.all().at(-1)?.user).toBe('alice');
  });

  it('asks client-node once for many concurrent requests (single flight)', async () => {
    let calls = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // Stands in for a KubeConfig whose OIDC authenticator is refreshing the id-token.
    const refreshing = {
      applyToHTTPSOptions: async (options: RequestOptions) => {
        calls++;
        await gate;
        options.headers = { Authorization: `Bearer ${VALID}` };
      },
    } as unknown as KubeConfig;
    const source = new OidcSource(refreshing, { clusterId: 'c1', clusterName: 'one' });
    const pending = Array.from({ length: 10 }, () => source.get());
    release();
    const material = await Promise.all(pending);
    expect(calls).toBe(1);
    expect(new Set(material.map((m) => m.headers['Authorization']))).toEqual(new Set([`Bearer ${VALID}`]));
    expect(source.secrets()).toEqual([VALID]);
    await source.get();
    expect(calls).toBe(2); // client-node decides by expiry whether a later call refreshes
    source.dispose();
    await expect(source.get()).rejects.toMatchObject({ kind: 'cancelled' });
  });
});
