import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceType } from '../../api/resources';
import type { KubeObject } from '../../api/types';
import { startSimulatedFleet, type SimulatedFleet } from '../../fleet/simulated-fleet';
import type { SimulatedCluster } from '../../simulated-cluster';
import { describeRun, kubectl, requireKubectl, type KubectlTarget } from './kubectl';

/**
 * `kubectl exec` speaks WebSocket (v5.channel.k8s.io) from 1.30 on; older clients speak SPDY, which
 * the kit does not serve, so only the newest supported kubectl runs here.
 */
const VERSION = '1.33' as const;

let fleet: SimulatedFleet;

beforeAll(async () => {
  fleet = await startSimulatedFleet({
    clusters: [{ name: 'exec-a' }, { name: 'exec-b' }],
    podsPerCluster: 8,
  });
});

afterAll(async () => {
  await fleet?.stop();
});

function replicaSetPod(cluster: SimulatedCluster): KubeObject {
  const podType = cluster.registry.lookup('', 'v1', 'pods') as ResourceType;
  const pod = cluster.store
    .list(podType)
    .items.find((p) => p.metadata.ownerReferences?.some((o) => o.kind === 'ReplicaSet'));
  if (!pod) throw new Error(`${cluster.name}: no pod owned by a ReplicaSet`);
  return pod;
}

const target = (cluster: SimulatedCluster): KubectlTarget => ({
  binary: requireKubectl(VERSION),
  kubeconfigPath: fleet.kubeconfigPath,
  context: cluster.name,
});

const exec = (cluster: SimulatedCluster, pod: KubeObject, command: readonly string[]) =>
  kubectl(target(cluster), [
    'exec',
    '-n',
    pod.metadata.namespace ?? 'default',
    pod.metadata.name,
    '--',
    ...command,
  ]);

describe(`kubectl ${VERSION} exec against a simulated fleet`, () => {
  it('runs echo and hostname in the pod of the context’s own cluster', async () => {
    for (const cluster of fleet.clusters) {
      const pod = replicaSetPod(cluster);
      const echo = await exec(cluster, pod, ['echo', 'hi']);
      expect(echo.exitCode, describeRun(echo)).toBe(0);
      expect(echo.stdout).toBe('hi\n');
      const hostname = await exec(cluster, pod, ['hostname']);
      expect(hostname.stdout, describeRun(hostname)).toBe(`${pod.metadata.name}\n`);
    }
  });

  it('passes stderr and the exit code through, and 127 for an unknown command', async () => {
    const cluster = fleet.clusters[0] as SimulatedCluster;
    const pod = replicaSetPod(cluster);
    const failed = await exec(cluster, pod, ['sh', '-c', 'echo oops >&2; exit 3']);
    expect(failed.exitCode, describeRun(failed)).toBe(3);
    expect(failed.stderr).toContain('oops\n');
    expect(failed.stderr).toContain('command terminated with exit code 3');
    const unknown = await exec(cluster, pod, ['frobnicate']);
    expect(unknown.exitCode, describeRun(unknown)).toBe(127);
    expect(unknown.stderr).toContain('sh: frobnicate: not found');
  });

  it('is refused with Forbidden when the user may not create pods/exec', async () => {
    const cluster = fleet.clusters[1] as SimulatedCluster;
    cluster.faults.forbid('admin', { verbs: ['create'], resources: ['pods/exec'] });
    try {
      const result = await exec(cluster, replicaSetPod(cluster), ['echo', 'hi']);
      expect(result.exitCode, describeRun(result)).not.toBe(0);
      expect(result.stderr).toContain('cannot create resource "pods/exec"');
      // The other cluster of the same kubeconfig still execs.
      const other = fleet.clusters[0] as SimulatedCluster;
      const fine = await exec(other, replicaSetPod(other), ['echo', 'hi']);
      expect(fine.exitCode, describeRun(fine)).toBe(0);
    } finally {
      await cluster.faults.heal();
    }
  });
});
