/**
 * The core API snippets of docs/getting-started.md against a simulated fleet (the guide runs them
 * against `npm run sim -- up`). Keep them in step with the guide.
 */
import { ClusterManager, createFleet, createLocalFleetClient } from '@flotilla/cluster-core';
import { KubeconfigSync } from '@flotilla/cluster-core/node';
import { startSimulatedFleet, type SimulatedFleet } from '@flotilla/cluster-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let sim: SimulatedFleet;

beforeAll(async () => {
  sim = await startSimulatedFleet({ clusters: 3, podsPerCluster: 20 });
});

afterAll(async () => {
  await sim?.stop();
});

describe('docs/getting-started.md', () => {
  it('loads a kubeconfig, connects every cluster and lists across them', async () => {
    sim.cluster('sim-2').faults.revokeToken('admin');
    const warnings: string[] = [];
    const lines: string[] = [];
    try {
      const manager = new ClusterManager(); // every cluster connects: a probe, metadata, then a heartbeat
      manager.bus.on('cluster:auth:failed', (e) => warnings.push(`${e.clusterName}: ${e.reason}`));
      const sync = await KubeconfigSync.start(manager, { kubeconfig: sim.kubeconfigPath });

      await Promise.all(manager.list().map((session) => session.connect())); // each settles after its first probe
      for (const session of manager.list()) {
        const { connection, auth, health, metadata } = session.getSnapshot();
        lines.push(`${session.clusterName} ${connection} ${auth} ${health} ${metadata.kubernetesVersion}`);
      }

      const fleet = createFleet(manager);
      const nodes = await fleet.list('nodes');
      lines.push(`${nodes.items.length} nodes; partial: ${nodes.partial}`);
      for (const entry of nodes.entries)
        if (entry.status !== 'ok')
          lines.push(`${entry.clusterName}: ${entry.status === 'skipped' ? entry.reason : entry.error.kind}`);

      const client = createLocalFleetClient(manager);
      const pods = client.resources({ kind: 'pods', namespace: 'kube-system' });
      const summaries: string[] = [];
      const stop = pods.subscribe(() => {
        const { items, clusters, partial } = pods.getSnapshot();
        const states = clusters.map((c) => `${c.clusterName}:${c.status}`).join(' ');
        summaries.push(`${items.length} pods ${states}${partial ? ' (partial)' : ''}`);
      });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the view never loaded')), 10_000);
        const off = pods.subscribe(() => {
          if (!pods.getSnapshot().loaded) return;
          clearTimeout(timer);
          off();
          resolve();
        });
      });

      stop();
      client.close();
      sync.close();
      manager.dispose();

      // Health comes from the heartbeat, which starts after the first probe: unknown until its first tick.
      expect(lines[0]).toMatch(/^sim-1 connected valid (unknown|healthy) v1\.31\.4$/);
      expect(lines[1]).toMatch(/^sim-2 \w+ (recovering|invalid) /);
      expect(lines[2]).toMatch(/^sim-3 connected valid (unknown|healthy) v1\.31\.4$/);
      expect(lines[3]).toBe('6 nodes; partial: true');
      expect(lines[4]).toBe('sim-2: auth');
      expect(warnings[0]).toMatch(/^sim-2: /);
      expect(summaries.at(-1)).toMatch(/ sim-1:ok sim-2:error sim-3:ok \(partial\)$/);
    } finally {
      sim.cluster('sim-2').faults.restoreToken('admin');
    }
  });
});
