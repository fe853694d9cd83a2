import { afterEach, describe, expect, it } from 'vitest';
import type { FleetEventType } from '../../client/fleet-client';
import { isUnschedulable, podsOn, seedDrainFixture } from '../maintenance/drain-fixture';
import { expectPlainData, serverPods } from './conformance-helpers';
import type { FleetClientFactory, FleetClientFixture } from './fleet-client-conformance';
import { observe } from './observe-view';

export function describeOperationConformance(make: FleetClientFactory): void {
  let f: FleetClientFixture | undefined;
  afterEach(async () => {
    await f?.dispose();
    f = undefined;
  });
  const idOf = (name: string) => {
    const session = f?.manager.list().find((s) => s.clusterName === name);
    if (!session) throw new Error(`no cluster ${name}`);
    return session.clusterId;
  };

  describe('operations', () => {
    it('rejects an unknown cluster id with a typed unknown-cluster error everywhere', async () => {
      f = await make({ fleet: { clusters: 1 } });
      const { client } = f;
      const unknown = { kind: 'unknown-cluster', clusterId: 'nope' };
      expect(client.getCluster('nope')).toBeUndefined();
      await expect(client.setActive('nope')).rejects.toMatchObject(unknown);
      await expect(client.connect('nope')).rejects.toMatchObject(unknown);
      await expect(client.disconnect('nope')).rejects.toMatchObject(unknown);
      await expect(client.retryAuth('nope')).rejects.toMatchObject(unknown);
      await expect(client.actions.cordon('nope', 'worker-1')).rejects.toMatchObject(unknown);
      await expect(client.actions.drain('nope', 'worker-1')).rejects.toMatchObject(unknown);
      await expect(client.actions.cancelDrain('nope', 'drain-1')).rejects.toMatchObject(unknown);
      await expect(client.actions.scale('nope', 'deploy', 'web', 'default', 2)).rejects.toMatchObject(
        unknown,
      );
      await expect(client.actions.restart('nope', 'deploy', 'web', 'default')).rejects.toMatchObject(unknown);
      await expect(client.actions.delete('nope', 'pods', 'web', 'default')).rejects.toMatchObject(unknown);
      const logs = observe(client.podLogs('nope', { namespace: 'default', pod: 'web' }));
      const s = await logs.until((s) => s.status === 'error', 'the log view failed');
      expect(s.error).toMatchObject(unknown);
      logs.close();
      // The one cluster it has is untouched by all of that.
      expect(client.getCluster(idOf('sim-1'))?.lastError).toBeNull();
    });

    it('setActive and retryAuth touch only the cluster they name; every cluster event names its cluster', async () => {
      f = await make({ fleet: { clusters: 2 } });
      const { client, fleet } = f;
      const [a, b] = [idOf('sim-1'), idOf('sim-2')];
      const events: Array<{ type: FleetEventType; payload: Record<string, unknown> }> = [];
      const off = client.onEvent((type, payload) =>
        events.push({ type, payload: payload as unknown as Record<string, unknown> }),
      );
      const fleetView = observe(client);
      await fleetView.until(
        (s) => s.clusters.every((c) => c.auth === 'valid'),
        'both clusters authenticated',
      );

      await client.setActive(b);
      await fleetView.until((s) => s.activeClusterId === b, 'b active');
      expect(client.getCluster(a)?.auth).toBe('valid');

      fleet.cluster('sim-2').faults.revokeToken('admin');
      await fleetView.until(
        (s) => s.clusters.find((c) => c.clusterId === b)?.auth === 'invalid',
        'b invalid',
      );
      fleet.cluster('sim-2').faults.restoreToken('admin');
      const mark = events.length;
      await client.retryAuth(b);
      await fleetView.until(
        (s) => s.clusters.find((c) => c.clusterId === b)?.auth === 'valid',
        'b recovered',
      );
      const authEvents = events.slice(mark).filter((e) => e.type.startsWith('cluster:auth:'));
      expect(authEvents.length).toBeGreaterThan(0);
      expect(authEvents.every((e) => e.payload['clusterId'] === b)).toBe(true);
      expect(events.some((e) => e.type.startsWith('cluster:auth:') && e.payload['clusterId'] === a)).toBe(
        false,
      );
      expect(client.getCluster(a)?.auth).toBe('valid');
      for (const event of events.filter((e) => e.type.startsWith('cluster:'))) {
        expect(typeof event.payload['clusterId']).toBe('string');
        expect(typeof event.payload['clusterName']).toBe('string');
      }
      off();
      fleetView.close();
    });

    it('keeps drain jobs apart across clusters that share node names (I10)', async () => {
      f = await make({ fleet: { clusters: 2, clusterDefaults: { workload: false } } });
      const { client, fleet } = f;
      for (const cluster of fleet.clusters) seedDrainFixture(cluster);
      const [a, b] = [idOf('sim-1'), idOf('sim-2')];
      const podsOfB = podsOn(fleet.cluster('sim-2'), 'worker-1');

      const job = await client.actions.drain(a, 'worker-1', { timeoutMs: 20_000 });
      expect(job.clusterId).toBe(a);
      const jobsOfA = observe(client.drainJobs({ clusterId: a }));
      const done = await jobsOfA.until((jobs) => jobs[0]?.phase === 'completed', 'the drain of a completed');
      expect(done).toHaveLength(1);
      expect(done[0]).toMatchObject({
        clusterId: a,
        clusterName: 'sim-1',
        jobId: job.jobId,
        node: 'worker-1',
      });
      expectPlainData(done);

      expect(client.drainJobs({ clusterId: b }).getSnapshot()).toEqual([]);
      expect(
        client
          .drainJobs({ node: 'worker-1' })
          .getSnapshot()
          .map((j) => j.clusterId),
      ).toEqual([a]);
      await expect(client.actions.cancelDrain(b, job.jobId)).rejects.toMatchObject({
        kind: 'not-found',
        clusterId: b,
      });
      expect(isUnschedulable(fleet.cluster('sim-1'), 'worker-1')).toBe(true);
      expect(isUnschedulable(fleet.cluster('sim-2'), 'worker-1')).toBe(false);
      expect(podsOn(fleet.cluster('sim-2'), 'worker-1')).toEqual(podsOfB);
      expect(podsOn(fleet.cluster('sim-1'), 'worker-1')).toEqual([
        'kube-system/etcd-worker-1',
        'shop/agent-w1',
      ]);
      jobsOfA.close();

      await client.actions.uncordon(a, 'worker-1');
      expect(isUnschedulable(fleet.cluster('sim-1'), 'worker-1')).toBe(false);
    });

    it('reads and follows pod logs into a bounded view', async () => {
      f = await make({ fleet: { clusters: 2 } });
      const { client, fleet } = f;
      const pod = serverPods(fleet.cluster('sim-2')).find(
        (p) => (p['status'] as { phase?: string }).phase === 'Running',
      );
      if (!pod) throw new Error('no running pod');
      const container = (pod['spec'] as { containers: Array<{ name: string }> }).containers[0]?.name;
      const query = { namespace: pod.metadata.namespace ?? 'default', pod: pod.metadata.name, container };

      const tail = observe(client.podLogs(idOf('sim-2'), { ...query, tailLines: 3 }));
      const read = await tail.until((s) => s.status === 'ended', 'the log read');
      expect(read).toMatchObject({ clusterId: idOf('sim-2'), clusterName: 'sim-2', error: null, dropped: 0 });
      expect(read.lines).toHaveLength(3);
      for (const line of read.lines) expect(line).toContain(`pod=${pod.metadata.name}`);
      expectPlainData(read);
      tail.close();

      const followed = observe(client.podLogs(idOf('sim-2'), { ...query, tailLines: 1, follow: true }));
      const live = await followed.until((s) => s.lines.length >= 4, 'four followed lines');
      expect(live.status).toBe('streaming');
      followed.close();

      const missing = observe(client.podLogs(idOf('sim-1'), { namespace: 'default', pod: 'no-such-pod' }));
      const failed = await missing.until((s) => s.status === 'error', 'the missing pod reported');
      expect(failed.error).toMatchObject({ kind: 'not-found', clusterId: idOf('sim-1') });
      missing.close();
    });
  });
}
