import { SimulatedCluster, buildKubeconfig } from '@flotilla/cluster-testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeBridgeToken } from '../../client/bridge-protocol';
import type { FleetEventType } from '../../client/fleet-client';
import type { RemoteFleetClient } from '../../client/remote-fleet-client';
import { definitionFor } from '../../node/cluster-definition';
import { loadKubeconfigSources } from '../../node/kubeconfig/load-kubeconfig-sources';
import { CONFORMANCE_TRANSPORT } from '../client/conformance-fleet';
import { observe } from '../client/observe-view';
import { startBridgeFleet, linkOpen, type BridgeFleet } from './bridge-fleet';
import { TOKEN } from './bridge-harness';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
let bridge: BridgeFleet | undefined;
afterEach(async () => {
  await bridge?.close();
  bridge = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** The strings a leaked PEM would show up as: each line of its base64 body, and the whole file in base64. */
function pemForms(pem: string): string[] {
  const body = pem
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('-----'))
    .filter((line) => line.length >= 32);
  return [...body, Buffer.from(pem).toString('base64').slice(0, 64)];
}

/** The CA private key a simulated cluster signs with (kept private by the kit). */
const caKeyOf = (cluster: SimulatedCluster): string =>
  (cluster as unknown as { ca: { keyPem: string } }).ca.keyPem;

function nextEvent(
  client: RemoteFleetClient,
  match: (type: FleetEventType, payload: Record<string, unknown>) => boolean,
  what: string,
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${what} within 15 s`));
    }, 15_000);
    const off = client.onEvent((type, payload) => {
      const record = payload as unknown as Record<string, unknown>;
      if (!match(type, record)) return;
      clearTimeout(timer);
      off();
      resolve(record);
    });
  });
}

describe('bridge secrecy', () => {
  it('no token, client key or CA key crosses the socket, through views, calls, errors and events', async () => {
    bridge = await startBridgeFleet({ fleet: { clusters: 2, execCredentialClusters: ['sim-2'] } });
    const { fleet, manager } = bridge.fixture;
    const certCluster = await SimulatedCluster.start({ name: 'cert-1', workload: { pods: 3 } });
    cleanups.push(() => certCluster.stop());
    const clientKeys = await certCluster.clientCertificateFor('admin');
    const yaml = buildKubeconfig([
      {
        ...certCluster.kubeconfigEntry(),
        credential: { clientCertificateData: clientKeys.certPem, clientKeyData: clientKeys.keyPem },
      },
    ]);
    const pasted = (await loadKubeconfigSources({ yaml, label: 'pasted' })).clusters[0];
    if (!pasted) throw new Error('no context');
    const certId = manager.add(definitionFor(pasted, CONFORMANCE_TRANSPORT)).clusterId;
    const [one, two] = [bridge.idOf('sim-1'), bridge.idOf('sim-2')];

    const { client, sockets } = bridge.connect();
    await linkOpen(client);
    const pods = observe(client.resources({ kind: 'pods' }));
    const nodes = observe(client.resources({ kind: 'nodes' }));
    const comparison = observe(client.comparison({ kind: 'deploy' }));
    const permissions = observe(client.permissions({ verb: 'list', resource: 'pods' }));
    const jobs = observe(client.drainJobs());
    await pods.until((s) => s.loaded && !s.partial && s.clusters.length === 3, 'pods of three clusters');
    const listedNodes = await nodes.until((s) => s.loaded && !s.partial, 'nodes');
    await comparison.until((s) => s.loaded, 'comparison');
    await permissions.until((s) => s.loaded, 'permissions');
    const node = listedNodes.items.find((i) => i.clusterId === certId)?.object.metadata.name;
    if (!node) throw new Error('no node in the certificate cluster');
    await client.actions.cordon(certId, node);
    await client.actions.uncordon(certId, node);
    const report = await client.export({ source: 'resources', query: { kind: 'pods' }, format: 'json' });
    expect(report.content).toContain(certCluster.name);
    await client.export({ source: 'health', format: 'html' });

    // Failures carry messages from the clusters and the credential plugin: still nothing secret.
    const oldToken = fleet.cluster('sim-1').tokenFor('admin');
    const authFailed = nextEvent(
      client,
      (type, p) => type === 'cluster:auth:failed' && p['clusterId'] === one,
      'auth failure of sim-1',
    );
    fleet.cluster('sim-1').faults.rotateToken('admin');
    await client.retryAuth(one);
    await authFailed;
    await expect(client.actions.cordon(one, 'worker-1')).rejects.toMatchObject({ clusterId: one });
    await fleet.execPlugin.setMode('sim-2', 'fail');
    const pluginFailed = nextEvent(
      client,
      (_type, p) => p['clusterId'] === two && JSON.stringify(p).includes('"kind":"exec-plugin"'),
      'exec plugin failure of sim-2',
    );
    await client.retryAuth(two);
    await pluginFailed;
    jobs.close();

    const secrets: Array<[string, string]> = [
      ['bridge token', TOKEN],
      ['bridge token, encoded', encodeBridgeToken(TOKEN)],
      ['sim-1 old admin token', oldToken],
      ['sim-2 exec plugin token', fleet.cluster('sim-2').tokenFor('exec-user')],
      ...pemForms(clientKeys.keyPem).map((form): [string, string] => ['client key', form]),
    ];
    for (const cluster of [...fleet.clusters, certCluster]) {
      for (const user of ['admin', 'viewer'])
        secrets.push([`${cluster.name} ${user} token`, cluster.tokenFor(user)]);
      for (const form of pemForms(caKeyOf(cluster))) secrets.push([`${cluster.name} CA key`, form]);
    }
    const sent = sockets.frames.filter((f) => f.direction === 'sent');
    const received = sockets.frames.filter((f) => f.direction === 'received');
    expect(sent.length).toBeGreaterThan(5);
    expect(received.length).toBeGreaterThan(20);
    const wire = sockets.frames.map((f) => f.text).join('\n');
    // The capture saw the traffic that matters: errors, plugin failures and the export.
    expect(wire).toContain('cluster:auth:failed');
    expect(wire).toContain('"kind":"exec-plugin"');
    const leaked = secrets.filter(([, secret]) => wire.includes(secret)).map(([name]) => name);
    expect(leaked).toEqual([]);
    for (const view of [pods, nodes, comparison, permissions]) view.close();
  });
});
