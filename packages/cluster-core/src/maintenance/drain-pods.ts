/** The pod fields a drain looks at. */
export interface DrainPod {
  metadata: {
    name: string;
    namespace?: string;
    uid: string;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ kind: string; name: string; controller?: boolean }>;
  };
  spec?: { volumes?: Array<{ name: string; emptyDir?: unknown }> };
  status?: { phase?: string };
}

/** Marks a static (mirror) pod, which a drain skips as kubectl does. */
export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

export const podKey = (pod: DrainPod) => `${pod.metadata.namespace ?? ''}/${pod.metadata.name}`;

const isMirror = (pod: DrainPod) => pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined;
const isDaemonSetPod = (pod: DrainPod) =>
  pod.metadata.ownerReferences?.some((ref) => ref.controller && ref.kind === 'DaemonSet') ?? false;
const isFinished = (pod: DrainPod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
const hasEmptyDir = (pod: DrainPod) => pod.spec?.volumes?.some((v) => v.emptyDir !== undefined) ?? false;

/**
 * kubectl's drain filters: mirror pods (the kubelet owns them) and DaemonSet pods (the DaemonSet
 * would put them straight back) are left alone; emptyDir data is only given up when allowed.
 * `refusal` says why the drain must not start, like kubectl's "cannot delete …" errors.
 */
export function drainablePods(
  pods: readonly DrainPod[],
  options: { ignoreDaemonSets: boolean; deleteEmptyDirData: boolean },
): { evict: DrainPod[]; skipped: DrainPod[]; refusal: string | null } {
  const evict: DrainPod[] = [];
  const skipped: DrainPod[] = [];
  const daemonSet: string[] = [];
  const localData: string[] = [];
  for (const pod of pods) {
    if (isMirror(pod)) skipped.push(pod);
    else if (isDaemonSetPod(pod)) {
      skipped.push(pod);
      if (!options.ignoreDaemonSets && !isFinished(pod)) daemonSet.push(podKey(pod));
    } else {
      if (hasEmptyDir(pod) && !options.deleteEmptyDirData && !isFinished(pod)) localData.push(podKey(pod));
      evict.push(pod);
    }
  }
  const refusals = [
    daemonSet.length > 0
      ? `cannot delete DaemonSet-managed Pods (use ignoreDaemonSets): ${daemonSet.join(', ')}`
      : '',
    localData.length > 0
      ? `cannot delete Pods with local storage (use deleteEmptyDirData): ${localData.join(', ')}`
      : '',
  ].filter(Boolean);
  return { evict, skipped, refusal: refusals.length > 0 ? refusals.join('; ') : null };
}
