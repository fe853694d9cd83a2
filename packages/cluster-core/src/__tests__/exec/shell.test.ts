import type { KubeObject, ResourceType, SimulatedCluster } from '@flotilla/cluster-testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ShellOutputEvent, ShellStatusEvent } from '../../events';
import { ShellSessionStore } from '../../exec/shell-session-store';
import { openShell, webSocketExecConnector } from '../../node/exec/websocket-exec-connector';
import { startFleetHarness, type FleetHarness } from '../support/fleet-harness';

let harness: FleetHarness;
let store: ShellSessionStore;

beforeAll(async () => {
  harness = await startFleetHarness({ clusters: 2, podsPerCluster: 4 });
  store = new ShellSessionStore(harness.manager, { connector: webSocketExecConnector() });
});

afterEach(async () => {
  await Promise.all(harness.fleet.clusters.map((c) => c.faults.heal()));
});

afterAll(async () => {
  store.dispose();
  await harness.close();
});

function target(cluster: SimulatedCluster): { namespace: string; pod: string; container: string } {
  const pod = cluster.store
    .list(cluster.registry.lookup('', 'v1', 'pods') as ResourceType)
    .items.find((p: KubeObject) => p.metadata.ownerReferences?.some((o) => o.kind === 'ReplicaSet'));
  if (!pod) throw new Error(`${cluster.name}: no ReplicaSet pod`);
  const container = (pod['spec'] as { containers: Array<{ name: string }> }).containers[0]?.name ?? '';
  return { namespace: pod.metadata.namespace ?? 'default', pod: pod.metadata.name, container };
}

const outputOf = (sessionId: string, clusterId: string, stream: 'stdout' | 'stderr') =>
  harness.events
    .filter((e) => e.type === 'cluster:shell:output')
    .map((e) => e.payload as unknown as ShellOutputEvent)
    .filter((p) => p.sessionId === sessionId && p.clusterId === clusterId && p.stream === stream)
    .map((p) => p.data)
    .join('');

describe('exec shells', () => {
  it('runs echo and reports exit code 0; every event names its cluster', async () => {
    const id = harness.idOf('sim-1');
    const shell = await store.open(id, {
      ...target(harness.fleet.cluster('sim-1')),
      command: ['echo', 'hi'],
    });
    const final = await shell.done;
    expect(final).toMatchObject({ clusterId: id, clusterName: 'sim-1', status: 'closed', exitCode: 0 });
    expect(outputOf(shell.sessionId, id, 'stdout')).toBe('hi\n');
    const statuses = harness.events
      .filter((e) => e.type === 'cluster:shell:status')
      .map((e) => e.payload as unknown as ShellStatusEvent)
      .filter((p) => p.sessionId === shell.sessionId);
    expect(statuses.map((s) => s.status)).toEqual(['connecting', 'open', 'closed']);
    expect(statuses.every((s) => s.clusterId === id && s.clusterName === 'sim-1')).toBe(true);
    expect(statuses.at(-1)?.exitCode).toBe(0);
  });

  it('passes stderr and non-zero exit codes, and 127 for unknown commands', async () => {
    const id = harness.idOf('sim-2');
    const where = target(harness.fleet.cluster('sim-2'));
    const failing = await store.open(id, { ...where, command: ['sh', '-c', 'echo oops >&2; exit 3'] });
    expect((await failing.done).exitCode).toBe(3);
    expect(outputOf(failing.sessionId, id, 'stderr')).toBe('oops\n');
    const unknown = await openShell(harness.manager, id, { ...where, command: ['frobnicate'] });
    const chunks: string[] = [];
    unknown.onOutput((o) => chunks.push(`${o.stream}:${o.data}`));
    expect(await unknown.done).toMatchObject({ status: 'closed', exitCode: 127 });
    expect(outputOf(unknown.sessionId, id, 'stderr')).toBe('sh: frobnicate: not found\n');
  });

  it('writes to an interactive shell until it exits', async () => {
    const id = harness.idOf('sim-1');
    const shell = await store.open(id, {
      ...target(harness.fleet.cluster('sim-1')),
      command: ['sh'],
      stdin: true,
      tty: true,
    });
    const output: string[] = [];
    shell.onOutput((o) => output.push(o.data));
    shell.resize(120, 40);
    shell.write('hostname\r');
    shell.write('exit 2\r');
    const final = await shell.done;
    expect(final.exitCode).toBe(2);
    expect(output.join('')).toContain(`${target(harness.fleet.cluster('sim-1')).pod}\r\n`);
    expect(() => shell.write('late')).toThrow(expect.objectContaining({ kind: 'invalid', clusterId: id }));
  });

  it('fails with an authz error of that cluster only when pods/exec is forbidden', async () => {
    const idB = harness.idOf('sim-2');
    harness.fleet.cluster('sim-2').faults.forbid('admin', { verbs: ['create'], resources: ['pods/exec'] });
    await expect(
      store.open(idB, { ...target(harness.fleet.cluster('sim-2')), command: ['echo', 'hi'] }),
    ).rejects.toMatchObject({ kind: 'authz', clusterId: idB, status: 403 });
    const failed = store.select({ clusterId: idB }).at(-1);
    expect(failed).toMatchObject({ status: 'failed', clusterId: idB });
    expect(failed?.message).toContain('cannot create resource "pods/exec"');
    const idA = harness.idOf('sim-1');
    const fine = await store.open(idA, { ...target(harness.fleet.cluster('sim-1')), command: ['true'] });
    expect((await fine.done).exitCode).toBe(0);
    expect(store.select({ clusterId: idA }).every((s) => s.clusterId === idA)).toBe(true);
  });

  it('closes a shell from the client side and forgets a removed cluster’s shells', async () => {
    const id = harness.idOf('sim-1');
    const shell = await store.open(id, {
      ...target(harness.fleet.cluster('sim-1')),
      command: ['sh'],
      stdin: true,
    });
    const before = store.select({ clusterId: harness.idOf('sim-2') });
    expect(store.close(harness.idOf('sim-2'), shell.sessionId)).toBe(false);
    expect(store.close(id, shell.sessionId)).toBe(true);
    expect((await shell.done).status).toBe('closed');
    expect(store.select({ clusterId: harness.idOf('sim-2') })).toBe(before);
    harness.manager.remove(id);
    expect(store.select({ clusterId: id })).toEqual([]);
  });

  it('opens shells with the session’s own credentials: an exec plugin is not run again', async () => {
    const execHarness = await startFleetHarness({
      clusters: 1,
      podsPerCluster: 20,
      execCredentialClusters: ['sim-1'],
    });
    try {
      const id = execHarness.idOf('sim-1');
      await execHarness.manager.connect(id);
      const runs = await execHarness.fleet.execPlugin.invocations('sim-1');
      const shell = await openShell(execHarness.manager, id, {
        ...target(execHarness.fleet.cluster('sim-1')),
        command: ['echo', 'hi'],
      });
      expect(await shell.done).toMatchObject({ exitCode: 0 });
      expect(await execHarness.fleet.execPlugin.invocations('sim-1')).toBe(runs);
    } finally {
      await execHarness.close();
    }
  });
});
