/** core/v1 Events about pods, worded like the scheduler and kubelet word them. */
import type { KubeObject } from '../api/types';
import { asRecord, isoSeconds, objectMeta, secondsAfter, secondsBefore } from './meta';
import { podContainers, podPhase, podRestartInfo } from './pod-status';
import type { SeededRandom } from './random';

export type PodEventReason =
  'Scheduled' | 'Pulling' | 'Pulled' | 'Created' | 'Started' | 'BackOff' | 'Killing';

export interface PodEventInput {
  pod: KubeObject;
  reason: PodEventReason;
  container: { name: string; image: string };
  first: Date;
  last?: Date;
  count?: number;
}

function podNodeName(pod: KubeObject): string {
  const nodeName = asRecord(pod.spec)?.nodeName;
  return typeof nodeName === 'string' ? nodeName : '';
}

function describe(input: PodEventInput): { type: 'Normal' | 'Warning'; message: string; component: string } {
  const { pod, container } = input;
  const ns = pod.metadata.namespace ?? 'default';
  switch (input.reason) {
    case 'Scheduled':
      return {
        type: 'Normal',
        component: 'default-scheduler',
        message: `Successfully assigned ${ns}/${pod.metadata.name} to ${podNodeName(pod)}`,
      };
    case 'Pulling':
      return { type: 'Normal', component: 'kubelet', message: `Pulling image "${container.image}"` };
    case 'Pulled':
      return {
        type: 'Normal',
        component: 'kubelet',
        message: `Container image "${container.image}" already present on machine`,
      };
    case 'Created':
      return { type: 'Normal', component: 'kubelet', message: `Created container ${container.name}` };
    case 'Started':
      return { type: 'Normal', component: 'kubelet', message: `Started container ${container.name}` };
    case 'Killing':
      return { type: 'Normal', component: 'kubelet', message: `Stopping container ${container.name}` };
    case 'BackOff':
      return {
        type: 'Warning',
        component: 'kubelet',
        message: `Back-off restarting failed container ${container.name} in pod ${pod.metadata.name}_${ns}(${pod.metadata.uid})`,
      };
  }
}

/** Event names are `<object>.<hex nanoseconds>`, which keeps repeated reasons distinct. */
export function podEvent(rng: SeededRandom, input: PodEventInput): KubeObject {
  const { pod } = input;
  const { type, message, component } = describe(input);
  const namespace = pod.metadata.namespace ?? 'default';
  const last = input.last ?? input.first;
  const nanos = BigInt(input.first.getTime()) * 1_000_000n + BigInt(rng.int(0, 999_999));
  const host = component === 'kubelet' ? podNodeName(pod) : '';
  const involvedObject: Record<string, unknown> = {
    apiVersion: 'v1',
    kind: 'Pod',
    name: pod.metadata.name,
    namespace,
    uid: pod.metadata.uid,
  };
  if (input.reason !== 'Scheduled') involvedObject.fieldPath = `spec.containers{${input.container.name}}`;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: objectMeta(rng, {
      name: `${pod.metadata.name}.${nanos.toString(16)}`,
      namespace,
      created: input.first,
    }),
    involvedObject,
    reason: input.reason,
    message,
    source: host === '' ? { component } : { component, host },
    firstTimestamp: isoSeconds(input.first),
    lastTimestamp: isoSeconds(last),
    count: input.count ?? 1,
    type,
    reportingComponent: component,
    reportingInstance: host,
  };
}

/** Events for the pods a real cluster would still have events about (events expire after an hour). */
export function seedPodEvents(rng: SeededRandom, pods: readonly KubeObject[], now: Date): KubeObject[] {
  const events: KubeObject[] = [];
  for (const pod of pods) {
    const container = podContainers(pod)[0];
    if (container === undefined) continue;
    const created = new Date(pod.metadata.creationTimestamp);
    const phase = podPhase(pod);
    const { restartCount, waitingReason } = podRestartInfo(pod);
    const ageSeconds = (now.getTime() - created.getTime()) / 1000;
    const event = (reason: PodEventReason, at: Date, last?: Date, n?: number) =>
      events.push(
        podEvent(rng, {
          pod,
          reason,
          container,
          first: at,
          ...(last !== undefined ? { last } : {}),
          ...(n !== undefined ? { count: n } : {}),
        }),
      );
    if (phase === 'Pending') {
      event('Scheduled', created);
      event('Pulling', secondsAfter(created, 1));
    } else if (waitingReason === 'CrashLoopBackOff') {
      event('Pulled', secondsAfter(created, 2), secondsBefore(now, rng.int(30, 290)), restartCount + 1);
      event(
        'BackOff',
        secondsAfter(created, 60),
        secondsBefore(now, rng.int(1, 29)),
        restartCount * 4 + rng.int(0, 3),
      );
    } else if (phase === 'Running' && ageSeconds < 3600) {
      event('Scheduled', created);
      event('Pulled', secondsAfter(created, 2));
      event('Created', secondsAfter(created, 2));
      event('Started', secondsAfter(created, 3));
    }
  }
  return events;
}
