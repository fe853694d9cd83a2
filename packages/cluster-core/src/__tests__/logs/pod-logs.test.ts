import type { KubeObject, ResourceType, SimulatedCluster } from '@flotilla/cluster-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamPodLogs } from '../../logs/pod-logs';
import { startFleetHarness, type FleetHarness } from '../support/fleet-harness';

let harness: FleetHarness;

beforeAll(async () => {
  harness = await startFleetHarness({
    clusters: 2,
    podsPerCluster: 6,
    clusterDefaults: { logLineIntervalMs: 50 },
  });
});

afterAll(async () => {
  await harness.close();
});

function somePod(cluster: SimulatedCluster): { pod: KubeObject; container: string } {
  const pods = cluster.store.list(cluster.registry.lookup('', 'v1', 'pods') as ResourceType).items;
  const pod = pods.find((p) => (p['status'] as { phase?: string }).phase === 'Running') ?? pods[0];
  if (!pod) throw new Error(`${cluster.name} has no pods`);
  const container = (pod['spec'] as { containers: Array<{ name: string }> }).containers[0]?.name ?? '';
  return { pod, container };
}

async function collect(iterable: AsyncIterable<string>, max: number): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of iterable) {
    lines.push(line);
    if (lines.length >= max) break;
  }
  return lines;
}

describe('streamPodLogs', () => {
  it('returns the last tailLines lines of the container, labelled with its cluster', async () => {
    const { pod, container } = somePod(harness.fleet.cluster('sim-1'));
    const stream = await streamPodLogs(harness.session('sim-1'), {
      namespace: pod.metadata.namespace ?? 'default',
      pod: pod.metadata.name,
      container,
      tailLines: 3,
    });
    expect(stream).toMatchObject({ clusterId: harness.idOf('sim-1'), clusterName: 'sim-1', follow: false });
    const lines = await collect(stream, 100);
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toContain(`pod=${pod.metadata.name} container=${container}`);
  });

  it('returns only the lines written in the last sinceSeconds, asking the server for just those', async () => {
    const cluster = harness.fleet.cluster('sim-1');
    const { pod, container } = somePod(cluster);
    // The simulated kubelet writes a line a second since the pod started (at most 500).
    expect(Date.now() - Date.parse(pod.metadata.creationTimestamp)).toBeGreaterThan(60_000);
    const stream = await streamPodLogs(harness.session('sim-1'), {
      namespace: pod.metadata.namespace ?? 'default',
      pod: pod.metadata.name,
      container,
      sinceSeconds: 5,
    });
    const lines = await collect(stream, 100);
    expect(lines).toHaveLength(5);
    const seq = lines.map((l) => Number(/seq=(\d+)/.exec(l)?.[1]));
    expect(seq.slice(1)).toEqual([1, 2, 3, 4].map((i) => (seq[0] as number) + i));
    const asked = cluster.requestLog.all().filter((e) => e.path.includes(`/pods/${pod.metadata.name}/log`));
    expect(asked.at(-1)?.path).toContain('sinceSeconds=5');
  });

  it('follows new lines until closed (bounded wait for N lines)', async () => {
    const { pod, container } = somePod(harness.fleet.cluster('sim-2'));
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 5000);
    const stream = await streamPodLogs(harness.session('sim-2'), {
      namespace: pod.metadata.namespace ?? 'default',
      pod: pod.metadata.name,
      container,
      tailLines: 1,
      follow: true,
      timestamps: true,
      signal: controller.signal,
    });
    const lines = await collect(stream, 4);
    clearTimeout(timer);
    stream.close();
    expect(stream.clusterId).toBe(harness.idOf('sim-2'));
    expect(lines).toHaveLength(4);
    const seq = lines.map((l) => Number(/seq=(\d+)/.exec(l)?.[1]));
    expect(seq.slice(1)).toEqual([1, 2, 3].map((i) => (seq[0] as number) + i));
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('rejects a wrong container with an invalid error of that cluster only', async () => {
    const { pod } = somePod(harness.fleet.cluster('sim-1'));
    const open = streamPodLogs(harness.session('sim-1'), {
      namespace: pod.metadata.namespace ?? 'default',
      pod: pod.metadata.name,
      container: 'no-such-container',
    });
    await expect(open).rejects.toMatchObject({
      kind: 'invalid',
      clusterId: harness.idOf('sim-1'),
      status: 400,
    });
    await expect(
      streamPodLogs(harness.session('sim-1'), { namespace: 'default', pod: 'missing', follow: true }),
    ).rejects.toMatchObject({ kind: 'not-found', clusterId: harness.idOf('sim-1') });
    expect(
      harness
        .session('sim-2')
        .errorLog.list({})
        .filter((e) => e.source === 'logs'),
    ).toEqual([]);
  });
});
