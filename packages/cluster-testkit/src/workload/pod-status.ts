/** Pod statuses as the kubelet reports them, and readers for pods that came back from a store. */
import type { KubeObject } from '../api/types';
import {
  asArray,
  asRecord,
  containerId,
  imageDigest,
  isoSeconds,
  qualifiedImage,
  secondsAfter,
  secondsBefore,
} from './meta';
import type { PodState } from './pods';
import type { SeededRandom } from './random';

export interface ContainerRef {
  name: string;
  image: string;
}

export interface PodStatusInput {
  state: PodState;
  containers: readonly ContainerRef[];
  pod: { name: string; namespace: string; uid: string };
  scheduledAt: Date;
  /** When the current container instance started (or, for crash loops, first started). */
  startedAt: Date;
  now: Date;
  hostIP: string;
  podIP?: string;
  restartCount?: number;
  qosClass: string;
}

function condition(
  type: string,
  ok: boolean,
  at: Date,
  reason?: string,
  message?: string,
): Record<string, unknown> {
  const c: Record<string, unknown> = {
    type,
    status: ok ? 'True' : 'False',
    lastTransitionTime: isoSeconds(at),
  };
  if (reason !== undefined) c.reason = reason;
  if (message !== undefined) c.message = message;
  return c;
}

function terminated(
  rng: SeededRandom,
  start: Date,
  end: Date,
  exitCode: number,
  reason: string,
): Record<string, unknown> {
  return {
    terminated: {
      exitCode,
      reason,
      startedAt: isoSeconds(start),
      finishedAt: isoSeconds(end),
      containerID: containerId(rng),
    },
  };
}

export function podStatus(rng: SeededRandom, input: PodStatusInput): Record<string, unknown> {
  const { state, scheduledAt, startedAt, now } = input;
  const restarts = input.restartCount ?? 0;
  const unready = input.containers.map((c) => c.name).join(' ');
  const crashed = input.containers[0]?.name;
  const phase =
    state === 'crashloop'
      ? 'Running'
      : state === 'pending'
        ? 'Pending'
        : state === 'succeeded'
          ? 'Succeeded'
          : 'Running';

  let conditions: Record<string, unknown>[];
  const sandboxReady = secondsAfter(scheduledAt, 1);
  if (state === 'running') {
    conditions = [
      condition('PodReadyToStartContainers', true, sandboxReady),
      condition('Initialized', true, scheduledAt),
      condition('Ready', true, secondsAfter(startedAt, 1)),
      condition('ContainersReady', true, secondsAfter(startedAt, 1)),
      condition('PodScheduled', true, scheduledAt),
    ];
  } else if (state === 'succeeded') {
    const done = secondsAfter(startedAt, 30);
    conditions = [
      condition('PodReadyToStartContainers', false, done),
      condition('Initialized', true, scheduledAt, 'PodCompleted'),
      condition('Ready', false, done, 'PodCompleted'),
      condition('ContainersReady', false, done, 'PodCompleted'),
      condition('PodScheduled', true, scheduledAt),
    ];
  } else {
    const since = state === 'crashloop' ? secondsAfter(startedAt, 20) : scheduledAt;
    const unreadyNames = state === 'crashloop' ? (crashed ?? unready) : unready;
    conditions = [
      condition(
        'PodReadyToStartContainers',
        state === 'crashloop',
        state === 'crashloop' ? sandboxReady : scheduledAt,
      ),
      condition('Initialized', true, scheduledAt),
      condition(
        'Ready',
        false,
        since,
        'ContainersNotReady',
        `containers with unready status: [${unreadyNames}]`,
      ),
      condition(
        'ContainersReady',
        false,
        since,
        'ContainersNotReady',
        `containers with unready status: [${unreadyNames}]`,
      ),
      condition('PodScheduled', true, scheduledAt),
    ];
  }

  const containerStatuses = input.containers.map((c, i) => {
    const base: Record<string, unknown> = { name: c.name, image: qualifiedImage(c.image) };
    if (state === 'pending') {
      return {
        ...base,
        imageID: '',
        ready: false,
        restartCount: 0,
        started: false,
        state: { waiting: { reason: 'ContainerCreating' } },
        lastState: {},
      };
    }
    const withImage = { ...base, imageID: imageDigest(c.image) };
    if (state === 'succeeded') {
      const id = containerId(rng);
      return {
        ...withImage,
        containerID: id,
        ready: false,
        restartCount: 0,
        started: false,
        state: {
          terminated: {
            exitCode: 0,
            reason: 'Completed',
            startedAt: isoSeconds(startedAt),
            finishedAt: isoSeconds(secondsAfter(startedAt, 29)),
            containerID: id,
          },
        },
        lastState: {},
      };
    }
    if (state === 'crashloop' && i === 0) {
      const lastStart = secondsBefore(now, rng.int(40, 290));
      const last = terminated(rng, lastStart, secondsAfter(lastStart, rng.int(1, 8)), 1, 'Error');
      const lastTerminated = asRecord(last.terminated);
      return {
        ...withImage,
        containerID: lastTerminated?.containerID,
        ready: false,
        restartCount: restarts,
        started: false,
        state: {
          waiting: {
            reason: 'CrashLoopBackOff',
            message: `back-off 5m0s restarting failed container=${c.name} pod=${input.pod.name}_${input.pod.namespace}(${input.pod.uid})`,
          },
        },
        lastState: last,
      };
    }
    const count = i === 0 ? restarts : 0;
    const lastState =
      count > 0
        ? terminated(
            rng,
            secondsBefore(startedAt, rng.int(600, 7200)),
            secondsBefore(startedAt, 1),
            137,
            'OOMKilled',
          )
        : {};
    return {
      ...withImage,
      containerID: containerId(rng),
      ready: true,
      restartCount: count,
      started: true,
      state: { running: { startedAt: isoSeconds(startedAt) } },
      lastState,
    };
  });

  const status: Record<string, unknown> = {
    phase,
    conditions,
    hostIP: input.hostIP,
    hostIPs: [{ ip: input.hostIP }],
  };
  if (input.podIP !== undefined) {
    status.podIP = input.podIP;
    status.podIPs = [{ ip: input.podIP }];
  }
  status.startTime = isoSeconds(scheduledAt);
  status.containerStatuses = containerStatuses;
  status.qosClass = input.qosClass;
  return status;
}

/** Reads container names and images from a pod that may have come back from any store. */
export function podContainers(pod: KubeObject): ContainerRef[] {
  const spec = asRecord(pod.spec);
  return asArray(spec?.containers).flatMap((c) => {
    const rec = asRecord(c);
    return typeof rec?.name === 'string' && typeof rec.image === 'string'
      ? [{ name: rec.name, image: rec.image }]
      : [];
  });
}

export function podPhase(pod: KubeObject): string | undefined {
  const phase = asRecord(pod.status)?.phase;
  return typeof phase === 'string' ? phase : undefined;
}

/** True when the pod's first container is in CrashLoopBackOff. */
export function isCrashLooping(pod: KubeObject): boolean {
  return podRestartInfo(pod).waitingReason === 'CrashLoopBackOff';
}

export function podRestartInfo(pod: KubeObject): { restartCount: number; waitingReason?: string } {
  const first = asRecord(asArray(asRecord(pod.status)?.containerStatuses)[0]);
  const count = typeof first?.restartCount === 'number' ? first.restartCount : 0;
  const reason = asRecord(asRecord(first?.state)?.waiting)?.reason;
  return typeof reason === 'string'
    ? { restartCount: count, waitingReason: reason }
    : { restartCount: count };
}

export function isPodReady(pod: KubeObject): boolean {
  return asArray(asRecord(pod.status)?.conditions).some((c) => {
    const rec = asRecord(c);
    return rec?.type === 'Ready' && rec.status === 'True';
  });
}
