/** Nodes and Namespaces. */
import type { KubeObject } from '../api/types';
import { between, isoSeconds, objectMeta, secondsAfter, secondsBefore } from './meta';
import type { SeededRandom } from './random';

/**
 * Node names depend only on the index, never on the seed or cluster, so two clusters always
 * share names and tests can prove same-named nodes from different clusters are kept apart.
 */
export function workloadNodeNames(count: number): string[] {
  const names: string[] = [];
  for (let i = 0; i < count; i++) names.push(i === 0 ? 'control-plane-1' : `worker-${i}`);
  return names;
}

export interface NodeInfo {
  name: string;
  index: number;
  internalIP: string;
  controlPlane: boolean;
  /** Whether ordinary workloads may land here (control planes are tainted when workers exist). */
  schedulable: boolean;
  object: KubeObject;
}

export interface NodeOptions {
  count: number;
  kubernetesVersion: string;
  flavor: 'kubernetes' | 'openshift';
  clusterCreated: Date;
  now: Date;
}

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];

const INSTANCE_TYPES = {
  controlPlane: { type: 'm5.xlarge', cpu: 4, memoryKi: 16_093_000 },
  worker: { type: 'm5.2xlarge', cpu: 8, memoryKi: 32_438_000 },
} as const;

function osFor(flavor: NodeOptions['flavor'], rng: SeededRandom) {
  if (flavor === 'openshift') {
    return {
      osImage: 'Red Hat Enterprise Linux CoreOS 416.94.202410211619-0',
      kernelVersion: '5.14.0-427.40.1.el9_4.x86_64',
      containerRuntimeVersion: 'cri-o://1.29.9-3.rhaos4.16.git4a8dc2e.el9',
    };
  }
  return {
    osImage: 'Ubuntu 24.04.1 LTS',
    kernelVersion: `6.8.0-${rng.pick(['45', '47', '48', '49'])}-generic`,
    containerRuntimeVersion: `containerd://1.7.${rng.int(20, 24)}`,
  };
}

export function buildNodes(rng: SeededRandom, options: NodeOptions): NodeInfo[] {
  const names = workloadNodeNames(options.count);
  const region = rng.pick(REGIONS);
  const subnet = `10.${rng.int(0, 31)}.${rng.int(0, 255)}`;
  const os = osFor(options.flavor, rng);
  const hasWorkers = options.count > 1;
  const openshift = options.flavor === 'openshift';

  return names.map((name, index) => {
    const controlPlane = index === 0;
    const shape = controlPlane ? INSTANCE_TYPES.controlPlane : INSTANCE_TYPES.worker;
    const created = secondsAfter(options.clusterCreated, controlPlane ? rng.int(5, 40) : rng.int(120, 600));
    const internalIP = `${subnet}.${10 + index}`;
    const zone = `${region}${'abc'.charAt(index % 3)}`;
    const labels: Record<string, string> = {
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/instance-type': shape.type,
      'beta.kubernetes.io/os': 'linux',
      'failure-domain.beta.kubernetes.io/region': region,
      'failure-domain.beta.kubernetes.io/zone': zone,
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': name,
      'kubernetes.io/os': 'linux',
      'node.kubernetes.io/instance-type': shape.type,
      'topology.kubernetes.io/region': region,
      'topology.kubernetes.io/zone': zone,
    };
    if (controlPlane) {
      labels['node-role.kubernetes.io/control-plane'] = '';
      if (openshift) labels['node-role.kubernetes.io/master'] = '';
    } else if (openshift) {
      labels['node-role.kubernetes.io/worker'] = '';
    }
    if (openshift) labels['node.openshift.io/os_id'] = 'rhcos';

    const memoryKi = shape.memoryKi + rng.int(0, 400_000);
    const diskKi = 101_430_960 + rng.int(0, 2_000_000);
    const capacity = {
      cpu: String(shape.cpu),
      'ephemeral-storage': `${diskKi}Ki`,
      'hugepages-1Gi': '0',
      'hugepages-2Mi': '0',
      memory: `${memoryKi}Ki`,
      pods: '110',
    };
    const allocatable = {
      ...capacity,
      // The kubelet reserves 10% of disk and 100Mi of memory for eviction thresholds by default.
      'ephemeral-storage': String(Math.floor(diskKi * 1024 * 0.9)),
      memory: `${memoryKi - 102_400}Ki`,
    };
    const heartbeat = isoSeconds(secondsBefore(options.now, rng.int(1, 40)));
    const transitioned = isoSeconds(secondsAfter(created, rng.int(10, 60)));
    const cond = (type: string, status: string, reason: string, message: string) => ({
      type,
      status,
      lastHeartbeatTime: heartbeat,
      lastTransitionTime: transitioned,
      reason,
      message,
    });
    const spec: Record<string, unknown> = {
      podCIDR: `10.244.${index}.0/24`,
      podCIDRs: [`10.244.${index}.0/24`],
    };
    const tainted = controlPlane && hasWorkers;
    if (tainted) spec.taints = [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }];

    const object: KubeObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: objectMeta(rng, {
        name,
        created,
        labels,
        annotations: {
          'node.alpha.kubernetes.io/ttl': '0',
          'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        },
      }),
      spec,
      status: {
        addresses: [
          { type: 'InternalIP', address: internalIP },
          { type: 'Hostname', address: name },
        ],
        allocatable,
        capacity,
        conditions: [
          cond(
            'MemoryPressure',
            'False',
            'KubeletHasSufficientMemory',
            'kubelet has sufficient memory available',
          ),
          cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
          cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
          cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          architecture: 'amd64',
          bootID: rng.uuid(),
          containerRuntimeVersion: os.containerRuntimeVersion,
          kernelVersion: os.kernelVersion,
          kubeProxyVersion: options.kubernetesVersion,
          kubeletVersion: options.kubernetesVersion,
          machineID: rng.hex(32),
          operatingSystem: 'linux',
          osImage: os.osImage,
          systemUUID: rng.uuid(),
        },
      },
    };
    return { name, index, internalIP, controlPlane, schedulable: !tainted, object };
  });
}

export function buildNamespace(
  rng: SeededRandom,
  name: string,
  created: Date,
  extraLabels: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: objectMeta(rng, {
      name,
      created,
      labels: { 'kubernetes.io/metadata.name': name, ...extraLabels },
    }),
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

/** App namespaces arrive any time after the cluster, but at least a week before now. */
export function namespaceCreated(rng: SeededRandom, clusterCreated: Date, now: Date): Date {
  return between(rng, secondsAfter(clusterCreated, 600), secondsBefore(now, 7 * 86_400));
}
