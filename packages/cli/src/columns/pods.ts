import type { KubeObjectLike } from '@flotilla/cluster-core';
import { ageOf, humanDuration } from './age';
import {
  field,
  list,
  nameColumn,
  NONE,
  num,
  text,
  type CellContext,
  type KindColumns,
  type Tone,
} from './column';

interface ContainerState {
  waiting?: { reason?: string };
  running?: { startedAt?: string };
  terminated?: { reason?: string; exitCode?: number; signal?: number; finishedAt?: string };
}

interface ContainerStatus {
  ready?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
}

const statuses = (pod: KubeObjectLike, key: string): ContainerStatus[] =>
  list(field(pod, 'status', key)) as ContainerStatus[];

function terminatedReason(terminated: NonNullable<ContainerState['terminated']>, prefix = ''): string {
  if (terminated.reason) return `${prefix}${terminated.reason}`;
  return terminated.signal
    ? `${prefix}Signal:${terminated.signal}`
    : `${prefix}ExitCode:${terminated.exitCode ?? 0}`;
}

/** The init container step the pod is stuck in, or null once every init container succeeded. */
function initReason(pod: KubeObjectLike): string | null {
  const inits = statuses(pod, 'initContainerStatuses');
  const declared = list(field(pod, 'spec', 'initContainers')).length;
  for (const [i, container] of inits.entries()) {
    const { terminated, waiting } = container.state ?? {};
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (terminated) return terminatedReason(terminated, 'Init:');
    if (waiting?.reason && waiting.reason !== 'PodInitializing') return `Init:${waiting.reason}`;
    return `Init:${i}/${declared}`;
  }
  return null;
}

const hasReadyCondition = (pod: KubeObjectLike): boolean =>
  list(field(pod, 'status', 'conditions')).some(
    (c) => field(c, 'type') === 'Ready' && field(c, 'status') === 'True',
  );

/** kubectl's STATUS of a pod: a waiting or terminated reason beats the phase, as in `printPod`. */
export function podStatus(pod: KubeObjectLike): string {
  let reason = text(field(pod, 'status', 'reason'), text(field(pod, 'status', 'phase'), 'Unknown'));
  const init = initReason(pod);
  if (init !== null) {
    reason = init;
  } else {
    let running = false;
    for (const container of [...statuses(pod, 'containerStatuses')].reverse()) {
      const { waiting, terminated, running: isRunning } = container.state ?? {};
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated?.reason) reason = terminated.reason;
      else if (terminated) reason = terminatedReason(terminated);
      else if (container.ready && isRunning) running = true;
    }
    if (reason === 'Completed' && running) reason = hasReadyCondition(pod) ? 'Running' : 'NotReady';
  }
  if (field(pod, 'metadata', 'deletionTimestamp') !== undefined) {
    return field(pod, 'status', 'reason') === 'NodeLost' ? 'Unknown' : 'Terminating';
  }
  return reason;
}

function ready(pod: KubeObjectLike): string {
  const total = list(field(pod, 'spec', 'containers')).length;
  const readyCount = statuses(pod, 'containerStatuses').filter((c) => c.ready).length;
  return `${readyCount}/${total}`;
}

/** `3` or, like kubectl 1.22+, `3 (5m ago)` when the last restart's end is known. */
function restarts(pod: KubeObjectLike, context: CellContext): string {
  const all = [...statuses(pod, 'initContainerStatuses'), ...statuses(pod, 'containerStatuses')];
  const count = all.reduce((sum, c) => sum + num(c.restartCount), 0);
  const last = all
    .map((c) => Date.parse(c.lastState?.terminated?.finishedAt ?? ''))
    .filter((at) => !Number.isNaN(at))
    .sort((a, b) => b - a)[0];
  return count > 0 && last !== undefined
    ? `${count} (${humanDuration(context.now - last)} ago)`
    : String(count);
}

const GOOD: ReadonlySet<string> = new Set(['Running', 'Succeeded', 'Completed']);
const WARN: ReadonlySet<string> = new Set(['Pending', 'ContainerCreating', 'PodInitializing', 'Terminating']);

export function statusTone(status: string): Tone {
  if (GOOD.has(status)) return 'good';
  if (WARN.has(status) || status.startsWith('Init:')) return 'warn';
  return 'bad';
}

function readinessGates(pod: KubeObjectLike): string {
  const gates = list(field(pod, 'spec', 'readinessGates'));
  if (gates.length === 0) return NONE;
  const conditions = list(field(pod, 'status', 'conditions'));
  const passed = gates.filter((gate) =>
    conditions.some(
      (c) => field(c, 'type') === field(gate, 'conditionType') && field(c, 'status') === 'True',
    ),
  ).length;
  return `${passed}/${gates.length}`;
}

export const podColumns: KindColumns = {
  columns: [
    nameColumn,
    {
      header: 'READY',
      value: ready,
      tone: (value) => (value.split('/')[0] === value.split('/')[1] ? undefined : 'warn'),
    },
    { header: 'STATUS', value: podStatus, tone: statusTone },
    { header: 'RESTARTS', value: restarts },
    { header: 'AGE', value: (pod, context) => ageOf(pod.metadata.creationTimestamp, context.now) },
    { header: 'IP', value: (pod) => text(field(pod, 'status', 'podIP')), wide: true },
    { header: 'NODE', value: (pod) => text(field(pod, 'spec', 'nodeName')), wide: true },
    { header: 'NOMINATED NODE', value: (pod) => text(field(pod, 'status', 'nominatedNodeName')), wide: true },
    { header: 'READINESS GATES', value: readinessGates, wide: true },
  ],
  summary: podStatus,
};
