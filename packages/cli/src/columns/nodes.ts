import type { KubeObjectLike } from '@flotilla/cluster-core';
import { ageOf } from './age';
import { field, list, nameColumn, NONE, text, type KindColumns } from './column';

const ROLE_PREFIX = 'node-role.kubernetes.io/';

/** `Ready`, `NotReady`, `Unknown`, with `,SchedulingDisabled` for a cordoned node (kubectl). */
export function nodeStatus(node: KubeObjectLike): string {
  const condition = list(field(node, 'status', 'conditions')).find((c) => field(c, 'type') === 'Ready');
  const readyStatus = field(condition, 'status');
  const base = readyStatus === 'True' ? 'Ready' : condition === undefined ? 'Unknown' : 'NotReady';
  return field(node, 'spec', 'unschedulable') === true ? `${base},SchedulingDisabled` : base;
}

function roles(node: KubeObjectLike): string {
  const found = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith(ROLE_PREFIX) && key.length > ROLE_PREFIX.length)
      found.add(key.slice(ROLE_PREFIX.length));
    else if (key === 'kubernetes.io/role' && value !== '') found.add(value);
  }
  return found.size > 0 ? [...found].sort().join(',') : NONE;
}

const address = (node: KubeObjectLike, type: string): string =>
  text(
    field(
      list(field(node, 'status', 'addresses')).find((a) => field(a, 'type') === type),
      'address',
    ),
  );

const info = (node: KubeObjectLike, key: string): string => text(field(node, 'status', 'nodeInfo', key));

export const nodeColumns: KindColumns = {
  columns: [
    nameColumn,
    {
      header: 'STATUS',
      value: nodeStatus,
      tone: (value) => (value === 'Ready' ? 'good' : value.startsWith('Ready,') ? 'warn' : 'bad'),
    },
    { header: 'ROLES', value: roles },
    { header: 'AGE', value: (node, context) => ageOf(node.metadata.creationTimestamp, context.now) },
    { header: 'VERSION', value: (node) => info(node, 'kubeletVersion') },
    { header: 'INTERNAL-IP', value: (node) => address(node, 'InternalIP'), wide: true },
    { header: 'EXTERNAL-IP', value: (node) => address(node, 'ExternalIP'), wide: true },
    { header: 'OS-IMAGE', value: (node) => info(node, 'osImage'), wide: true },
    { header: 'KERNEL-VERSION', value: (node) => info(node, 'kernelVersion'), wide: true },
    { header: 'CONTAINER-RUNTIME', value: (node) => info(node, 'containerRuntimeVersion'), wide: true },
  ],
  summary: nodeStatus,
};
