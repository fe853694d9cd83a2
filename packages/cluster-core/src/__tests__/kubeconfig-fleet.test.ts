import { CoreV1Api } from '@kubernetes/client-node';
import { credentialFingerprint, startSimulatedFleet, type SimulatedFleet } from '@flotilla/cluster-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKubeconfigSources } from '../node/kubeconfig/load-kubeconfig-sources';

let fleet: SimulatedFleet;
beforeAll(async () => {
  fleet = await startSimulatedFleet({ clusters: 3, podsPerCluster: 2 });
});
afterAll(() => fleet.stop());

describe('kubeconfigs written by the simulated fleet', () => {
  it('give each cluster a KubeConfig that reaches its own server with its own token only', async () => {
    const { clusters, errors } = await loadKubeconfigSources(fleet.kubeconfigPath);
    expect(errors).toEqual([]);
    expect(clusters.map((c) => c.clusterName)).toEqual(['sim-1', 'sim-2', 'sim-3']);

    // Concurrently, as a fleet view would: a shared or re-pointed KubeConfig would mix credentials here.
    await Promise.all(clusters.map((cluster) => cluster.kubeConfig.makeApiClient(CoreV1Api).listNamespace()));

    for (const cluster of clusters) {
      const sim = fleet.cluster(cluster.clusterName);
      expect(cluster.server).toBe(sim.url.replace(/\/$/, ''));
      const own = credentialFingerprint(sim.tokenFor('admin'));
      const requests = sim.requestLog.all().filter((entry) => entry.path.startsWith('/api/v1/namespaces'));
      expect(requests.length).toBeGreaterThan(0);
      expect(requests.every((entry) => entry.credential === own && entry.status === 200)).toBe(true);
      for (const other of fleet.clusters.filter((c) => c.name !== cluster.clusterName)) {
        expect(cluster.kubeConfig.exportConfig()).not.toContain(other.tokenFor('admin'));
      }
    }
  });

  it('loads the fleet YAML pasted as a string with the same servers', async () => {
    const fromFile = await loadKubeconfigSources(fleet.kubeconfigPath);
    const pasted = await loadKubeconfigSources({ yaml: fleet.kubeconfig, label: 'sim' });
    expect(pasted.clusters.map((c) => c.clusterId)).toEqual([
      'paste:sim:sim-1',
      'paste:sim:sim-2',
      'paste:sim:sim-3',
    ]);
    expect(pasted.clusters.map((c) => c.fingerprint)).toEqual(fromFile.clusters.map((c) => c.fingerprint));
  });
});
