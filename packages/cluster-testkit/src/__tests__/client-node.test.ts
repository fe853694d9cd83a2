import { CoreV1Api, KubeConfig, makeInformer, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKubeconfig } from '../fleet/kubeconfig';
import { startSimulatedFleet, type SimulatedFleet } from '../fleet/simulated-fleet';

let fleet: SimulatedFleet;

/** One KubeConfig per cluster: a shared one would send the current context's token everywhere. */
function kubeConfigFor(context: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(fleet.kubeconfig);
  kc.setCurrentContext(context);
  return kc;
}

beforeAll(async () => {
  fleet = await startSimulatedFleet({ clusters: 2, podsPerCluster: 15, execCredentialClusters: ['sim-2'] });
});
afterAll(() => fleet.stop());

describe('@kubernetes/client-node 1.4 against the kit', () => {
  it('lists and reads pods with CoreV1Api', async () => {
    const api = kubeConfigFor('sim-1').makeApiClient(CoreV1Api);
    const list = await api.listPodForAllNamespaces();
    expect(list.items).toHaveLength(15);
    const first = list.items[0] as V1Pod;
    const read = await api.readNamespacedPod({
      name: first.metadata?.name ?? '',
      namespace: first.metadata?.namespace ?? '',
    });
    expect(read.metadata?.uid).toBe(first.metadata?.uid);
    expect(read.status?.phase).toBeTruthy();
  });

  it('authenticates through the exec credential plugin', async () => {
    const api = kubeConfigFor('sim-2').makeApiClient(CoreV1Api);
    const namespaces = await api.listNamespace();
    expect(namespaces.items.map((n) => n.metadata?.name)).toContain('kube-system');
    const log = await fleet
      .cluster('sim-2')
      .requestLog.waitFor((e) => e.path.startsWith('/api/v1/namespaces'));
    expect(log.user).toBe('exec-user');
  });

  it('authenticates with a client certificate from the kubeconfig', async () => {
    const cluster = fleet.cluster('sim-1');
    const cert = await cluster.clientCertificateFor('viewer');
    const kc = new KubeConfig();
    kc.loadFromString(
      buildKubeconfig([
        {
          ...cluster.kubeconfigEntry({ user: 'viewer' }),
          credential: { clientCertificateData: cert.certPem, clientKeyData: cert.keyPem },
        },
      ]),
    );
    const api = kc.makeApiClient(CoreV1Api);
    expect((await api.listNamespace()).items.map((n) => n.metadata?.name)).toContain('default');
    await expect(
      api.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'nope' } } }),
    ).rejects.toMatchObject({ code: 403 });
    const log = await cluster.requestLog.waitFor((e) => e.credential === 'x509:viewer' && e.status === 403);
    expect(log.user).toBe('viewer');
  });

  it('surfaces 404 as an ApiException with the Status body', async () => {
    const api = kubeConfigFor('sim-1').makeApiClient(CoreV1Api);
    await expect(api.readNamespacedPod({ name: 'missing', namespace: 'default' })).rejects.toMatchObject({
      code: 404,
    });
  });

  it('drives the client-node informer: list, then watch events', async () => {
    const kc = kubeConfigFor('sim-1');
    const api = kc.makeApiClient(CoreV1Api);
    const informer = makeInformer(kc, '/api/v1/namespaces/default/configmaps', () =>
      api.listNamespacedConfigMap({ namespace: 'default' }),
    );
    const added: string[] = [];
    const updated: string[] = [];
    const seen = (names: string[], name: string) =>
      new Promise<void>((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`informer never saw ${name}`)), 10_000);
        const check = () => {
          if (!names.includes(name)) return;
          clearTimeout(deadline);
          resolve();
        };
        informer.on('add', check);
        informer.on('update', check);
        check();
      });
    informer.on('add', (cm) => added.push(cm.metadata?.name ?? ''));
    informer.on('update', (cm) => updated.push(cm.metadata?.name ?? ''));
    await informer.start();
    await api.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'informed' }, data: { a: '1' } },
    });
    await seen(added, 'informed');
    await api.replaceNamespacedConfigMap({
      name: 'informed',
      namespace: 'default',
      body: { metadata: { name: 'informed' }, data: { a: '2' } },
    });
    await seen(updated, 'informed');
    expect(informer.get('informed', 'default')?.data).toEqual({ a: '2' });
    await informer.stop();
  });
});
