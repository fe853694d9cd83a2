import { afterEach, describe, expect, it } from 'vitest';
import {
  buildKubeconfig,
  createCertificateAuthority,
  startSimulatedFleet,
  type SimulatedFleet,
} from '@flotilla/cluster-testkit';
import { ClusterManager, type FleetBusEvents } from '../../cluster-manager';
import { KubeconfigSync } from '../../node/kubeconfig-sync';
import { FAST_SESSION } from '../support/fleet-harness';

let fleet: SimulatedFleet | undefined;
let manager: ClusterManager | undefined;
let sync: KubeconfigSync | undefined;
afterEach(async () => {
  sync?.close();
  manager?.dispose();
  await fleet?.stop();
});

describe('TLS failures stay with their cluster', () => {
  it('a cluster whose certificate does not verify fails with tls; its neighbour stays healthy and answers', async () => {
    fleet = await startSimulatedFleet({ clusters: 2, podsPerCluster: 3 });
    const stranger = await createCertificateAuthority('someone-else');
    // sim-1 is told to trust a CA that did not sign its serving certificate: verification fails,
    // as it would after a cluster's CA was rotated under an old kubeconfig.
    const entries = fleet.clusters.map((cluster) => {
      const entry = cluster.kubeconfigEntry();
      return cluster.name === 'sim-1' ? { ...entry, certificateAuthorityData: stranger.certPem } : entry;
    });
    manager = new ClusterManager({ session: FAST_SESSION });
    const events: Array<{ type: keyof FleetBusEvents; clusterName: string }> = [];
    manager.bus.on('*', (type, payload) =>
      events.push({ type, clusterName: (payload as { clusterName?: string }).clusterName ?? '' }),
    );
    sync = await KubeconfigSync.start(manager, {
      kubeconfig: { yaml: buildKubeconfig(entries), label: 'tls' },
    });
    const [a, b] = ['sim-1', 'sim-2'].map((name) => {
      const session = manager?.list().find((s) => s.clusterName === name);
      if (!session) throw new Error(name);
      return session;
    }) as [NonNullable<ReturnType<ClusterManager['get']>>, NonNullable<ReturnType<ClusterManager['get']>>];

    await expect.poll(() => a.getSnapshot().lastError?.kind, { timeout: 10_000 }).toBe('tls');
    await expect.poll(() => b.getSnapshot().health, { timeout: 10_000 }).toBe('healthy');

    const [failed, answered] = await Promise.allSettled([
      a.request({ path: '/api/v1/pods', timeoutMs: 2_000 }),
      b.request({ path: '/api/v1/pods', timeoutMs: 2_000 }),
    ]);
    expect(failed.status).toBe('rejected');
    expect((failed as PromiseRejectedResult).reason).toMatchObject({ kind: 'tls', clusterName: 'sim-1' });
    expect(answered.status).toBe('fulfilled');

    expect(a.getSnapshot().health).not.toBe('healthy');
    expect(b.getSnapshot().auth).toBe('valid');
    expect(b.getSnapshot().lastError).toBeNull();
    const troubleOfB = events.filter(
      (e) =>
        e.clusterName === 'sim-2' &&
        (e.type === 'cluster:error' ||
          e.type.startsWith('cluster:auth:') ||
          e.type.startsWith('cluster:transport:')),
    );
    expect(troubleOfB).toEqual([]);
    // The TLS failure is not mistaken for a credential problem: nothing asks sim-1 to log in again.
    expect(events.some((e) => e.clusterName === 'sim-1' && e.type === 'cluster:auth:failed')).toBe(false);
  });
});
