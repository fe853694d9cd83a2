import type { KubeObjectLike } from '@flotilla/cluster-core';
import { describe, expect, it } from 'vitest';
import { humanDuration } from '../columns/age';
import { columnsFor, kindColumns } from '../columns/index';
import { nodeStatus } from '../columns/nodes';
import { podStatus } from '../columns/pods';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('humanDuration (kubectl AGE)', () => {
  it.each([
    [-5 * SECOND, '<invalid>'],
    [-1 * SECOND, '0s'],
    [45 * SECOND, '45s'],
    [119 * SECOND, '119s'],
    [3 * MINUTE + 20 * SECOND, '3m20s'],
    [5 * MINUTE, '5m'],
    [25 * MINUTE, '25m'],
    [5 * HOUR + 12 * MINUTE, '5h12m'],
    [7 * HOUR, '7h'],
    [30 * HOUR, '30h'],
    [3 * DAY + 4 * HOUR, '3d4h'],
    [120 * DAY, '120d'],
    [(2 * 365 + 45) * DAY, '2y45d'],
    [9 * 365 * DAY, '9y'],
  ])('%d ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

const pod = (status: Record<string, unknown>, extra: Partial<KubeObjectLike> = {}): KubeObjectLike => ({
  metadata: { name: 'p', ...(extra.metadata ?? {}) },
  spec: { containers: [{ name: 'a' }], initContainers: [{ name: 'init' }] },
  status,
});

describe('pod STATUS like kubectl', () => {
  it.each([
    [
      'the phase',
      pod({ phase: 'Running', containerStatuses: [{ ready: true, state: { running: {} } }] }),
      'Running',
    ],
    [
      'a waiting reason',
      pod({ phase: 'Running', containerStatuses: [{ state: { waiting: { reason: 'CrashLoopBackOff' } } }] }),
      'CrashLoopBackOff',
    ],
    [
      'a stuck init container',
      pod({
        phase: 'Pending',
        initContainerStatuses: [{ state: { waiting: { reason: 'ImagePullBackOff' } } }],
      }),
      'Init:ImagePullBackOff',
    ],
    [
      'init progress',
      pod({ phase: 'Pending', initContainerStatuses: [{ state: { running: {} } }] }),
      'Init:0/1',
    ],
    [
      'a failed init container',
      pod({ phase: 'Pending', initContainerStatuses: [{ state: { terminated: { exitCode: 2 } } }] }),
      'Init:ExitCode:2',
    ],
    ['the pod reason', pod({ phase: 'Failed', reason: 'Evicted' }), 'Evicted'],
    [
      'a terminating pod',
      pod({ phase: 'Running' }, { metadata: { name: 'p', deletionTimestamp: '2024-01-01T00:00:00Z' } }),
      'Terminating',
    ],
  ])('shows %s', (_what, object, status) => {
    expect(podStatus(object)).toBe(status);
  });

  it('counts ready containers and restarts with the time of the last one', () => {
    const now = Date.parse('2024-01-01T01:00:00Z');
    const object: KubeObjectLike = {
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'a' }, { name: 'b' }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          {
            ready: true,
            restartCount: 2,
            state: { running: {} },
            lastState: { terminated: { finishedAt: '2024-01-01T00:55:00Z' } },
          },
          { ready: false, restartCount: 1, state: { running: {} } },
        ],
      },
    };
    const [, ready, , restarts] = kindColumns({ group: '', resource: 'pods' }).columns;
    expect(ready?.value(object, { now })).toBe('1/2');
    expect(restarts?.value(object, { now })).toBe('3 (5m ago)');
  });
});

describe('columns per kind', () => {
  it('adds NAMESPACE for a namespaced kind across namespaces, and the wide columns on request', () => {
    const headers = (resource: Parameters<typeof columnsFor>[0], allNamespaces: boolean, wide: boolean) =>
      columnsFor(resource, { allNamespaces, wide }).map((c) => c.header);
    const pods = { group: '', resource: 'pods', namespaced: true };
    expect(headers(pods, true, false)).toEqual(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(headers(pods, false, true)).toEqual([
      'NAME',
      'READY',
      'STATUS',
      'RESTARTS',
      'AGE',
      'IP',
      'NODE',
      'NOMINATED NODE',
      'READINESS GATES',
    ]);
    expect(headers({ group: 'apps', resource: 'deployments', namespaced: true }, false, false)).toEqual([
      'NAME',
      'READY',
      'UP-TO-DATE',
      'AVAILABLE',
      'AGE',
    ]);
    expect(headers({ group: '', resource: 'nodes', namespaced: false }, true, false)).toEqual([
      'NAME',
      'STATUS',
      'ROLES',
      'AGE',
      'VERSION',
    ]);
    expect(headers({ group: '', resource: 'events', namespaced: true }, false, false)).toEqual([
      'LAST SEEN',
      'TYPE',
      'REASON',
      'OBJECT',
      'MESSAGE',
    ]);
    expect(
      headers({ group: 'stable.example.com', resource: 'crontabs', namespaced: true }, true, true),
    ).toEqual(['NAMESPACE', 'NAME', 'AGE']);
  });

  it('reads node readiness, cordoning and roles', () => {
    const node = (ready: string | null, unschedulable = false): KubeObjectLike => ({
      metadata: { name: 'n', labels: { 'node-role.kubernetes.io/control-plane': '' } },
      spec: { unschedulable },
      status: { conditions: ready === null ? [] : [{ type: 'Ready', status: ready }] },
    });
    expect(nodeStatus(node('True'))).toBe('Ready');
    expect(nodeStatus(node('False'))).toBe('NotReady');
    expect(nodeStatus(node(null))).toBe('Unknown');
    expect(nodeStatus(node('True', true))).toBe('Ready,SchedulingDisabled');
    const roles = kindColumns({ group: '', resource: 'nodes' }).columns.find((c) => c.header === 'ROLES');
    expect(roles?.value(node('True'), { now: 0 })).toBe('control-plane');
  });

  it('formats service ports and external addresses', () => {
    const columns = kindColumns({ group: '', resource: 'services' }).columns;
    const cell = (header: string, object: KubeObjectLike) =>
      columns.find((c) => c.header === header)?.value(object, { now: 0 });
    const lb: KubeObjectLike = {
      metadata: { name: 's' },
      spec: {
        type: 'LoadBalancer',
        clusterIP: '10.0.0.1',
        ports: [{ port: 443, nodePort: 30443, protocol: 'TCP' }],
      },
      status: { loadBalancer: {} },
    };
    expect(cell('PORT(S)', lb)).toBe('443:30443/TCP');
    expect(cell('EXTERNAL-IP', lb)).toBe('<pending>');
    expect(cell('EXTERNAL-IP', { ...lb, status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } })).toBe(
      '1.2.3.4',
    );
  });
});
