/**
 * The integration-test snippets of docs/guides/testing-with-testkit.md: a ClusterManager over a
 * simulated fleet, faults injected per cluster, waits bounded by events. Keep them in step.
 */
import { ClusterManager, createFleet, type FleetBusEvents } from '@flotilla/cluster-core';
import { KubeconfigSync } from '@flotilla/cluster-core/node';
import { credentialFingerprint, startSimulatedFleet, type SimulatedFleet } from '@flotilla/cluster-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let sim: SimulatedFleet;
let manager: ClusterManager;
let sync: KubeconfigSync;

beforeAll(async () => {
  sim = await startSimulatedFleet({
    clusters: 3,
    podsPerCluster: 20,
    flavors: { 'sim-2': 'openshift' },
    execCredentialClusters: ['sim-3'], // sim-3's context runs the kit's exec credential plugin
  });
  manager = new ClusterManager({
    // The production policies on a shorter clock, so a fault shows within test time.
    session: {
      heartbeat: { intervalMs: 200, timeoutMs: 400 },
      authRecovery: {
        authRetryDelaysMs: [0, 150, 300, 450],
        steadyReprobeMs: 1_000,
        connectivityReprobeMs: 500,
        probeTimeoutMs: 1_000,
      },
    },
  });
  sync = await KubeconfigSync.start(manager, { kubeconfig: sim.kubeconfigPath });
});

afterAll(async () => {
  sync.close();
  manager.dispose();
  await sim.stop();
});

const idOf = (name: string) => manager.list().find((s) => s.clusterName === name)?.clusterId ?? '';

/** Resolves with the first matching event; a bounded wait, never a sleep. */
function nextEvent<K extends keyof FleetBusEvents>(
  type: K,
  match: (payload: FleetBusEvents[K]) => boolean,
  timeoutMs = 5_000,
): Promise<FleetBusEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      manager.bus.off(type, handler);
      reject(new Error(`no ${type} within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (payload: FleetBusEvents[K]) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      manager.bus.off(type, handler);
      resolve(payload);
    };
    manager.bus.on(type, handler);
  });
}

describe('docs/guides/testing-with-testkit.md', () => {
  it('lists the pods of the clusters that answer and names the hung one', async () => {
    sim.cluster('sim-2').faults.hang();
    try {
      const result = await createFleet(manager).list('pods', { timeoutMs: 1_000 });
      expect(result.entries.map((e) => [e.clusterName, e.status])).toEqual([
        ['sim-1', 'ok'],
        ['sim-2', 'error'],
        ['sim-3', 'ok'],
      ]);
      expect(result.entries[1]).toMatchObject({ error: { kind: 'timeout', clusterName: 'sim-2' } });
      expect(result.partial).toBe(true);
    } finally {
      await sim.cluster('sim-2').faults.heal();
    }
  });

  it('sees one cluster lose its credentials while the others stay valid', async () => {
    const failed = nextEvent('cluster:auth:failed', (e) => e.clusterName === 'sim-1');
    sim.cluster('sim-1').faults.revokeToken('admin');
    await manager
      .require(idOf('sim-1'))
      .request({ path: '/api/v1/namespaces' })
      .catch(() => undefined);
    expect(await failed).toMatchObject({ clusterId: idOf('sim-1'), class: 'auth' });
    expect(manager.require(idOf('sim-3')).getSnapshot().auth).not.toBe('invalid');

    const recovered = nextEvent('cluster:auth:recovered', (e) => e.clusterName === 'sim-1');
    sim.cluster('sim-1').faults.restoreToken('admin');
    await recovered;
  });

  it('proves which credential reached which cluster', async () => {
    const log = sim.cluster('sim-2').requestLog;
    await manager.require(idOf('sim-2')).request({ path: '/api/v1/namespaces' });
    const entry = await log.waitFor((e) => e.path === '/api/v1/namespaces');
    expect(entry.credential).toBe(credentialFingerprint(sim.cluster('sim-2').tokenFor('admin')));
    expect(entry.credential).not.toBe(credentialFingerprint(sim.cluster('sim-1').tokenFor('admin')));
  });

  it('fails the exec credential plugin of one cluster', async () => {
    await sim.execPlugin.setMode('sim-3', 'fail');
    try {
      const session = manager.require(idOf('sim-3'));
      // A recovery probe drops the cached credential, so the plugin runs again, and fails.
      const probed = nextEvent('cluster:auth:progress', (e) => e.clusterName === 'sim-3');
      session.retryAuth();
      expect(await probed).toMatchObject({ class: 'auth', attempt: 1 });
      expect(await sim.execPlugin.invocations('sim-3')).toBeGreaterThan(0);
    } finally {
      await sim.execPlugin.setMode('sim-3', 'ok');
    }
  });
});
