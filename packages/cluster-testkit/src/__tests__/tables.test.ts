import { describe, expect, it } from 'vitest';
import { BUILTIN_RESOURCES, CRONTAB_RESOURCE, type ResourceType } from '../api/resources';
import { columnsFor, humanDuration, toTable, type Table } from '../api/tables';
import type { KubeObject, ObjectMeta } from '../api/types';

const NOW = new Date('2025-06-01T12:00:00Z');
const ago = (ms: number): string => new Date(NOW.getTime() - ms).toISOString();
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

function type(kind: string): ResourceType {
  const found = BUILTIN_RESOURCES.find((t) => t.kind === kind);
  if (!found) throw new Error(`no builtin ${kind}`);
  return found;
}

function object(
  kind: string,
  name: string,
  body: Record<string, unknown> = {},
  meta: Partial<ObjectMeta> = {},
) {
  return {
    apiVersion: 'v1',
    kind,
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      resourceVersion: '7',
      creationTimestamp: ago(5 * M + 10 * S),
      ...meta,
    },
    ...body,
  } as KubeObject;
}

/** What kubectl prints: header then rows, priority-1 columns only with -o wide. */
function kubectl(table: Table, wide = false): string[][] {
  const keep = table.columnDefinitions.map((c) => wide || c.priority === 0);
  const pick = <T>(cells: T[]): T[] => cells.filter((_, i) => keep[i]);
  return [
    pick(table.columnDefinitions.map((c) => c.name.toUpperCase())),
    ...table.rows.map((r) => pick(r.cells.map((c) => String(c)))),
  ];
}

const one = (kind: string, obj: KubeObject) => toTable(type(kind), [obj], { now: NOW }).rows[0]?.cells;

describe('humanDuration', () => {
  it.each([
    [-5 * S, '<invalid>'],
    [-1500, '0s'],
    [0, '0s'],
    [45 * S, '45s'],
    [119 * S, '119s'],
    [2 * M, '2m'],
    [5 * M + 10 * S, '5m10s'],
    [9 * M + 59 * S, '9m59s'],
    [10 * M + 30 * S, '10m'],
    [179 * M, '179m'],
    [3 * H, '3h'],
    [3 * H + 20 * M, '3h20m'],
    [7 * H + 59 * M, '7h59m'],
    [8 * H + 5 * M, '8h'],
    [47 * H, '47h'],
    [2 * D, '2d'],
    [3 * D + 5 * H, '3d5h'],
    [8 * D, '8d'],
    [12 * D + 3 * H, '12d'],
    [729 * D, '729d'],
    [730 * D, '2y'],
    [760 * D, '2y30d'],
    [8 * 365 * D, '8y'],
    [20 * 365 * D + 40 * D, '20y'],
  ])('%d ms -> %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('toTable envelope', () => {
  const pod = object('Pod', 'web-1', { spec: { containers: [{ name: 'c' }] }, status: { phase: 'Pending' } });

  it('builds a meta.k8s.io/v1 Table with list metadata', () => {
    const table = toTable(type('Pod'), [pod], {
      listMeta: { resourceVersion: '42', continue: 'abc' },
      now: NOW,
    });
    expect(table.kind).toBe('Table');
    expect(table.apiVersion).toBe('meta.k8s.io/v1');
    expect(table.metadata).toEqual({ resourceVersion: '42', continue: 'abc' });
    expect(toTable(type('Pod'), [], {}).metadata).toEqual({});
    expect(toTable(type('Pod'), [], {}).rows).toEqual([]);
    for (const column of table.columnDefinitions) {
      expect(Object.keys(column).sort()).toEqual(['description', 'format', 'name', 'priority', 'type']);
    }
  });

  it('defaults to PartialObjectMetadata rows carrying the namespace for kubectl -A', () => {
    const row = toTable(type('Pod'), [pod], { now: NOW }).rows[0];
    expect(row?.object).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: pod.metadata,
    });
    expect(row?.object?.metadata.namespace).toBe('default');
  });

  it('embeds the full object or nothing on request', () => {
    expect(toTable(type('Pod'), [pod], { includeObject: 'Object' }).rows[0]?.object).toBe(pod);
    const none = toTable(type('Pod'), [pod], { includeObject: 'None' }).rows[0];
    expect(none).not.toHaveProperty('object');
    expect(JSON.parse(JSON.stringify(none))).toEqual({ cells: expect.any(Array) });
  });

  it('does not hand out its column definitions for mutation', () => {
    const table = toTable(type('Pod'), [], {});
    table.columnDefinitions[0]!.name = 'Changed';
    expect(columnsFor(type('Pod'))[0]?.name).toBe('Name');
  });

  it('gives Name the name format and Age a readable age', () => {
    const table = toTable(type('ConfigMap'), [object('ConfigMap', 'cfg', { data: { a: '1', b: '2' } })], {
      now: NOW,
    });
    expect(table.columnDefinitions[0]).toMatchObject({
      name: 'Name',
      type: 'string',
      format: 'name',
      priority: 0,
    });
    expect(table.rows[0]?.cells).toEqual(['cfg', 2, '5m10s']);
  });
});

describe('pods', () => {
  const running = object('Pod', 'web-1', {
    spec: { nodeName: 'node-a', containers: [{ name: 'app' }, { name: 'sidecar' }] },
    status: {
      phase: 'Running',
      podIP: '10.0.0.5',
      podIPs: [{ ip: '10.0.0.5' }],
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        { name: 'app', ready: true, restartCount: 0, state: { running: {} } },
        { name: 'sidecar', ready: true, restartCount: 0, state: { running: {} } },
      ],
    },
  });

  it('prints kubectl get pods and kubectl get pods -o wide', () => {
    const pending = object('Pod', 'web-2', {
      spec: { containers: [{ name: 'app' }] },
      status: { phase: 'Pending' },
    });
    const table = toTable(type('Pod'), [running, pending], { now: NOW });
    expect(kubectl(table)).toEqual([
      ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
      ['web-1', '2/2', 'Running', '0', '5m10s'],
      ['web-2', '0/1', 'Pending', '0', '5m10s'],
    ]);
    expect(kubectl(table, true)).toEqual([
      ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
      ['web-1', '2/2', 'Running', '0', '5m10s', '10.0.0.5', 'node-a', '<none>', '<none>'],
      ['web-2', '0/1', 'Pending', '0', '5m10s', '<none>', '<none>', '<none>', '<none>'],
    ]);
    expect(table.columnDefinitions.map((c) => c.priority)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it('shows the waiting reason and the last restart age of a crash-looping container', () => {
    const crashing = object('Pod', 'crash', {
      spec: { containers: [{ name: 'app' }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            restartCount: 3,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(5 * M) } },
          },
        ],
      },
    });
    expect(one('Pod', crashing)?.slice(0, 4)).toEqual(['crash', '0/1', 'CrashLoopBackOff', '3 (5m ago)']);
  });

  it('prints a bare restart count when no termination time is known', () => {
    const pod = object('Pod', 'p', {
      spec: { containers: [{ name: 'a' }] },
      status: {
        phase: 'Running',
        containerStatuses: [{ name: 'a', ready: true, restartCount: 2, state: { running: {} } }],
      },
    });
    expect(one('Pod', pod)?.[3]).toBe('2');
  });

  it('derives status from terminated containers', () => {
    const status = (terminated: Record<string, unknown>, phase = 'Running') =>
      one(
        'Pod',
        object('Pod', 'p', {
          spec: { containers: [{ name: 'a' }] },
          status: { phase, containerStatuses: [{ name: 'a', state: { terminated } }] },
        }),
      )?.[2];
    expect(status({ exitCode: 0, reason: 'Completed' }, 'Succeeded')).toBe('Completed');
    expect(status({ exitCode: 137, reason: 'OOMKilled' })).toBe('OOMKilled');
    expect(status({ exitCode: 2 })).toBe('ExitCode:2');
    expect(status({ exitCode: 0, signal: 9 })).toBe('Signal:9');
  });

  it('reports Running or NotReady when a container completed while another still runs', () => {
    const pod = (ready: boolean) =>
      object('Pod', 'p', {
        spec: { containers: [{ name: 'a' }, { name: 'b' }] },
        status: {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
          containerStatuses: [
            { name: 'a', ready: true, state: { running: {} } },
            { name: 'b', ready: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
          ],
        },
      });
    expect(one('Pod', pod(true))?.slice(1, 3)).toEqual(['1/2', 'Running']);
    expect(one('Pod', pod(false))?.[2]).toBe('NotReady');
  });

  it('shows init container progress and failures', () => {
    const pod = (initContainerStatuses: unknown[]) =>
      object('Pod', 'p', {
        spec: { initContainers: [{ name: 'i1' }, { name: 'i2' }], containers: [{ name: 'a' }] },
        status: {
          phase: 'Pending',
          initContainerStatuses,
          containerStatuses: [{ name: 'a', state: { waiting: { reason: 'PodInitializing' } } }],
        },
      });
    const done = { name: 'i1', state: { terminated: { exitCode: 0 } } };
    expect(one('Pod', pod([done, { name: 'i2', state: { running: {} } }]))?.[2]).toBe('Init:1/2');
    expect(one('Pod', pod([{ name: 'i1', state: { waiting: { reason: 'ImagePullBackOff' } } }]))?.[2]).toBe(
      'Init:ImagePullBackOff',
    );
    expect(
      one(
        'Pod',
        pod([{ name: 'i1', restartCount: 4, state: { terminated: { exitCode: 1, reason: 'Error' } } }]),
      )?.slice(2, 4),
    ).toEqual(['Init:Error', '4']);
    expect(one('Pod', pod([{ name: 'i1', state: { terminated: { exitCode: 3 } } }]))?.[2]).toBe(
      'Init:ExitCode:3',
    );
    expect(one('Pod', pod([done, { ...done, name: 'i2' }]))?.[2]).toBe('PodInitializing');
  });

  it('counts started restartable init containers (sidecars) as containers', () => {
    const pod = object('Pod', 'p', {
      spec: { initContainers: [{ name: 'proxy', restartPolicy: 'Always' }], containers: [{ name: 'a' }] },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Initialized', status: 'True' }],
        initContainerStatuses: [
          { name: 'proxy', started: true, ready: true, restartCount: 1, state: { running: {} } },
        ],
        containerStatuses: [{ name: 'a', ready: true, restartCount: 0, state: { running: {} } }],
      },
    });
    expect(one('Pod', pod)?.slice(1, 4)).toEqual(['2/2', 'Running', '1']);
  });

  it('shows Terminating for a deleted pod that has not finished, Unknown for a lost node', () => {
    const deleting = { ...running, metadata: { ...running.metadata, deletionTimestamp: ago(S) } };
    expect(one('Pod', deleting)?.[2]).toBe('Terminating');
    const lost = { ...deleting, status: { ...(running.status as object), reason: 'NodeLost' } };
    expect(one('Pod', lost)?.[2]).toBe('Unknown');
    const finished = { ...deleting, status: { phase: 'Succeeded' } };
    expect(one('Pod', finished)?.[2]).toBe('Succeeded');
  });

  it('prefers status.reason and SchedulingGated over the phase', () => {
    const evicted = object('Pod', 'p', {
      spec: { containers: [] },
      status: { phase: 'Failed', reason: 'Evicted' },
    });
    expect(one('Pod', evicted)?.[2]).toBe('Evicted');
    const gated = object('Pod', 'g', {
      spec: { containers: [{ name: 'a' }] },
      status: {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
      },
    });
    expect(one('Pod', gated)?.[2]).toBe('SchedulingGated');
  });

  it('counts true readiness gates and shows the nominated node', () => {
    const pod = object('Pod', 'p', {
      spec: {
        containers: [],
        readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }],
      },
      status: {
        phase: 'Pending',
        nominatedNodeName: 'node-b',
        conditions: [{ type: 'example.com/lb', status: 'True' }],
      },
    });
    expect(one('Pod', pod)?.slice(7)).toEqual(['node-b', '1/2']);
  });

  it('marks finished pods with a Completed row condition', () => {
    const table = toTable(type('Pod'), [object('Pod', 'done', { status: { phase: 'Succeeded' } }), running], {
      now: NOW,
    });
    expect(table.rows[0]?.conditions).toEqual([
      {
        type: 'Completed',
        status: 'True',
        reason: 'Succeeded',
        message: 'The pod has completed successfully.',
      },
    ]);
    expect(table.rows[1]).not.toHaveProperty('conditions');
    expect(one('Pod', object('Pod', 'x', {}, { creationTimestamp: '' }))?.[4]).toBe('<unknown>');
  });
});

describe('nodes', () => {
  const node = (labels: Record<string, string>, extra: Record<string, unknown> = {}, ready = 'True') =>
    object(
      'Node',
      'node-a',
      {
        ...extra,
        status: {
          conditions: [
            { type: 'MemoryPressure', status: 'False' },
            { type: 'Ready', status: ready },
          ],
          addresses: [
            { type: 'Hostname', address: 'node-a' },
            { type: 'InternalIP', address: '192.168.1.10' },
          ],
          nodeInfo: {
            kubeletVersion: 'v1.31.2',
            osImage: 'Ubuntu 22.04.4 LTS',
            kernelVersion: '6.5.0',
            containerRuntimeVersion: 'containerd://1.7.13',
          },
        },
      },
      { namespace: undefined, labels, creationTimestamp: ago(12 * D) },
    );

  it('prints kubectl get nodes -o wide', () => {
    const table = toTable(type('Node'), [node({ 'node-role.kubernetes.io/control-plane': '' })], {
      now: NOW,
    });
    expect(kubectl(table, true)).toEqual([
      [
        'NAME',
        'STATUS',
        'ROLES',
        'AGE',
        'VERSION',
        'INTERNAL-IP',
        'EXTERNAL-IP',
        'OS-IMAGE',
        'KERNEL-VERSION',
        'CONTAINER-RUNTIME',
      ],
      [
        'node-a',
        'Ready',
        'control-plane',
        '12d',
        'v1.31.2',
        '192.168.1.10',
        '<none>',
        'Ubuntu 22.04.4 LTS',
        '6.5.0',
        'containerd://1.7.13',
      ],
    ]);
  });

  it('shows cordoned, not-ready and unknown nodes', () => {
    expect(one('Node', node({}, { spec: { unschedulable: true } }))?.slice(1, 3)).toEqual([
      'Ready,SchedulingDisabled',
      '<none>',
    ]);
    expect(one('Node', node({}, {}, 'False'))?.[1]).toBe('NotReady');
    expect(one('Node', object('Node', 'bare', { spec: { unschedulable: true } }))?.slice(1)).toEqual([
      'Unknown,SchedulingDisabled',
      '<none>',
      '5m10s',
      '',
      '<none>',
      '<none>',
      '<unknown>',
      '<unknown>',
      '<unknown>',
    ]);
  });

  it('collects sorted roles from both role label styles', () => {
    const labels = {
      'node-role.kubernetes.io/worker': '',
      'node-role.kubernetes.io/infra': '',
      'node-role.kubernetes.io/': '',
      'kubernetes.io/role': 'gpu',
    };
    expect(one('Node', node(labels))?.[2]).toBe('gpu,infra,worker');
  });
});

describe('workloads', () => {
  const template = {
    spec: {
      containers: [
        { name: 'app', image: 'nginx:1.27' },
        { name: 'log', image: 'busybox' },
      ],
    },
  };

  it('prints deployments', () => {
    const deploy = object('Deployment', 'web', {
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    });
    const table = toTable(type('Deployment'), [deploy], { now: NOW });
    expect(kubectl(table, true)).toEqual([
      ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR'],
      ['web', '2/3', '3', '2', '5m10s', 'app,log', 'nginx:1.27,busybox', 'app=web'],
    ]);
    expect(table.rows[0]?.cells[2]).toBe(3);
    expect(one('Deployment', object('Deployment', 'fresh', {}))?.slice(1, 4)).toEqual(['0/1', 0, 0]);
  });

  it('prints replicasets, statefulsets and daemonsets', () => {
    const selector = {
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe'] }],
    };
    const rs = object('ReplicaSet', 'web-5d8f', {
      spec: { replicas: 2, selector, template },
      status: { replicas: 2, readyReplicas: 1 },
    });
    expect(one('ReplicaSet', rs)).toEqual([
      'web-5d8f',
      2,
      2,
      1,
      '5m10s',
      'app,log',
      'nginx:1.27,busybox',
      'app=web,tier in (fe)',
    ]);
    expect(
      columnsFor(type('ReplicaSet'))
        .slice(1, 4)
        .map((c) => c.type),
    ).toEqual(['integer', 'integer', 'integer']);
    expect(one('ReplicaSet', object('ReplicaSet', 'x', { spec: { selector: {} } }))?.[7]).toBe('<none>');

    const sts = object('StatefulSet', 'db', {
      spec: { replicas: 3, template },
      status: { readyReplicas: 3 },
    });
    expect(one('StatefulSet', sts)).toEqual(['db', '3/3', '5m10s', 'app,log', 'nginx:1.27,busybox']);

    const ds = object('DaemonSet', 'agent', {
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: { spec: { ...template.spec, nodeSelector: { 'kubernetes.io/os': 'linux' } } },
      },
      status: {
        desiredNumberScheduled: 3,
        currentNumberScheduled: 3,
        numberReady: 2,
        updatedNumberScheduled: 3,
        numberAvailable: 2,
      },
    });
    const table = toTable(type('DaemonSet'), [ds], { now: NOW });
    expect(kubectl(table)).toEqual([
      ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'],
      ['agent', '3', '3', '2', '3', '2', 'kubernetes.io/os=linux', '5m10s'],
    ]);
    expect(table.rows[0]?.cells.slice(8)).toEqual(['app,log', 'nginx:1.27,busybox', 'app=agent']);
  });

  it('prints pod disruption budgets', () => {
    const pdb = object('PodDisruptionBudget', 'web', {
      spec: { minAvailable: 2 },
      status: { disruptionsAllowed: 1 },
    });
    expect(kubectl(toTable(type('PodDisruptionBudget'), [pdb], { now: NOW }))).toEqual([
      ['NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE'],
      ['web', '2', 'N/A', '1', '5m10s'],
    ]);
    expect(
      one(
        'PodDisruptionBudget',
        object('PodDisruptionBudget', 'p', { spec: { maxUnavailable: '25%' } }),
      )?.slice(1, 4),
    ).toEqual(['N/A', '25%', 0]);
  });
});

describe('services', () => {
  const svc = (spec: Record<string, unknown>, status: Record<string, unknown> = {}) =>
    one('Service', object('Service', 'web', { spec, status }));

  it('prints kubectl get svc -o wide for each service type', () => {
    const clusterIP = object('Service', 'web', {
      spec: {
        type: 'ClusterIP',
        clusterIP: '10.96.0.10',
        clusterIPs: ['10.96.0.10'],
        selector: { app: 'web', tier: 'fe' },
        ports: [
          { port: 80, protocol: 'TCP' },
          { port: 53, protocol: 'UDP' },
        ],
      },
    });
    expect(kubectl(toTable(type('Service'), [clusterIP], { now: NOW }), true)).toEqual([
      ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', 'SELECTOR'],
      ['web', 'ClusterIP', '10.96.0.10', '<none>', '80/TCP,53/UDP', '5m10s', 'app=web,tier=fe'],
    ]);
    expect(
      svc({ type: 'NodePort', clusterIP: '10.96.0.11', ports: [{ port: 80, nodePort: 30080 }] })?.slice(1, 5),
    ).toEqual(['NodePort', '10.96.0.11', '<none>', '80:30080/TCP']);
    expect(svc({ type: 'LoadBalancer', clusterIP: '10.96.0.12' })?.[3]).toBe('<pending>');
    expect(
      svc(
        { type: 'LoadBalancer', externalIPs: ['1.2.3.4'] },
        { loadBalancer: { ingress: [{ ip: '5.6.7.8' }, { hostname: 'lb.example.com' }] } },
      )?.[3],
    ).toBe('5.6.7.8,lb.example.com,1.2.3.4');
    expect(svc({ type: 'ExternalName', externalName: 'db.example.com' })?.slice(1, 5)).toEqual([
      'ExternalName',
      '<none>',
      'db.example.com',
      '<none>',
    ]);
    expect(svc({ clusterIP: 'None', externalIPs: ['9.9.9.9'] })?.slice(1, 4)).toEqual([
      'ClusterIP',
      'None',
      '9.9.9.9',
    ]);
    expect(svc({})?.[6]).toBe('<none>');
  });
});

describe('core objects', () => {
  it('prints namespaces, configmaps and secrets', () => {
    const ns = object(
      'Namespace',
      'team-a',
      { status: { phase: 'Active' } },
      { namespace: undefined, creationTimestamp: ago(3 * H + 20 * M) },
    );
    expect(kubectl(toTable(type('Namespace'), [ns], { now: NOW }))).toEqual([
      ['NAME', 'STATUS', 'AGE'],
      ['team-a', 'Active', '3h20m'],
    ]);
    expect(one('Namespace', object('Namespace', 'gone', {}, { deletionTimestamp: ago(S) }))?.[1]).toBe(
      'Terminating',
    );
    expect(
      one('ConfigMap', object('ConfigMap', 'c', { data: { a: '' }, binaryData: { b: 'AA==' } }))?.[1],
    ).toBe(2);
    expect(one('ConfigMap', object('ConfigMap', 'empty'))?.[1]).toBe(0);
    const secret = object('Secret', 'tls', {
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': 'x', 'tls.key': 'y' },
    });
    expect(kubectl(toTable(type('Secret'), [secret], { now: NOW }))).toEqual([
      ['NAME', 'TYPE', 'DATA', 'AGE'],
      ['tls', 'kubernetes.io/tls', '2', '5m10s'],
    ]);
    expect(one('Secret', object('Secret', 'plain'))?.slice(1, 3)).toEqual(['Opaque', 0]);
  });

  it('prints events like kubectl get events', () => {
    const event = object('Event', 'web-1.17a', {
      involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default', fieldPath: 'spec.containers{app}' },
      reason: 'BackOff',
      type: 'Warning',
      message: '  Back-off restarting failed container\n',
      source: { component: 'kubelet', host: 'node-a' },
      firstTimestamp: ago(10 * M),
      lastTimestamp: ago(45 * S),
      count: 7,
    });
    const table = toTable(type('Event'), [event], { now: NOW });
    expect(kubectl(table)).toEqual([
      ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
      ['45s', 'Warning', 'BackOff', 'pod/web-1', 'Back-off restarting failed container'],
    ]);
    expect(table.rows[0]?.cells.slice(4)).toEqual([
      'spec.containers{app}',
      'kubelet, node-a',
      'Back-off restarting failed container',
      '10m',
      7,
      'web-1.17a',
    ]);
    expect(table.columnDefinitions.at(-1)).toMatchObject({ name: 'Name', format: 'name', priority: 1 });
  });

  it('falls back to eventTime, series and reporting fields for events.k8s.io-style events', () => {
    const event = object('Event', 'e', {
      involvedObject: { kind: 'Node' },
      eventTime: '2025-06-01T11:57:00.123456Z',
      series: { count: 4, lastObservedTime: '2025-06-01T11:59:30.000000Z' },
      reportingComponent: 'scheduler',
    });
    expect(one('Event', event)).toEqual(['30s', '', '', 'node', '', 'scheduler', '', '2m59s', 4, 'e']);
    expect(one('Event', object('Event', 'single', { firstTimestamp: ago(M * 3) }))?.slice(0, 1)).toEqual([
      '3m',
    ]);
    expect(one('Event', object('Event', 'single'))?.[8]).toBe(1);
  });
});

describe('other resources', () => {
  it('prints Name and Age for custom resources', () => {
    const ct = { ...object('CronTab', 'nightly'), apiVersion: 'stable.example.com/v1' };
    const table = toTable(CRONTAB_RESOURCE, [ct], { now: NOW });
    expect(table.columnDefinitions.map((c) => [c.name, c.type, c.format])).toEqual([
      ['Name', 'string', 'name'],
      ['Age', 'date', ''],
    ]);
    expect(table.rows[0]?.cells).toEqual(['nightly', '5m10s']);
  });

  it('prints Created At for CustomResourceDefinitions like the generic convertor', () => {
    const crd = object(
      'CustomResourceDefinition',
      'crontabs.stable.example.com',
      {},
      { creationTimestamp: '2025-05-01T08:30:00.000Z' },
    );
    const table = toTable(type('CustomResourceDefinition'), [crd], { now: NOW });
    expect(kubectl(table)).toEqual([
      ['NAME', 'CREATED AT'],
      ['crontabs.stable.example.com', '2025-05-01T08:30:00Z'],
    ]);
  });

  it('has a column set for every builtin type', () => {
    for (const t of BUILTIN_RESOURCES) {
      const columns = columnsFor(t);
      expect(columns.length).toBeGreaterThanOrEqual(2);
      expect(columns.some((c) => c.format === 'name')).toBe(true);
    }
  });
});
