/**
 * Cell text of the kinds whose columns need more than a field lookup (pods, nodes, services,
 * events), following k8s.io/kubernetes/pkg/printers/internalversion.
 */
import { formatLabelSelector, labelSelectorFromObject, type LabelSelectorObject } from './selectors';
import type { KubeObject } from './types';

/** k8s.io/apimachinery/pkg/util/duration.HumanDuration: precision shrinks as the duration grows. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / 3_600_000);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
  return `${years}y`;
}

// ---------------------------------------------------------------------------------------------
// Objects arrive untyped beyond metadata; these readers make absent or mistyped fields harmless.

export type Json = Record<string, unknown>;
export const rec = (v: unknown): Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
export const list = (v: unknown): Json[] => (Array.isArray(v) ? v.map(rec) : []);
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
export const int = (v: unknown, fallback = 0): number => (typeof v === 'number' ? v : fallback);
export const at = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((cur, key) => rec(cur)[key], o);

export function since(timestamp: unknown, now: number): string {
  const t = typeof timestamp === 'string' ? Date.parse(timestamp) : NaN;
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
}

/** labels.FormatLabels: sorted `k=v` pairs, `<none>` when empty. */
export function formatLabels(map: unknown): string {
  const text = Object.entries(rec(map))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${str(v)}`)
    .join(',');
  return text === '' ? '<none>' : text;
}

export function selectorString(selector: unknown, noneIfEmpty: boolean): string {
  let text: string;
  try {
    text = formatLabelSelector(labelSelectorFromObject(selector as LabelSelectorObject | undefined));
  } catch {
    return '<error>';
  }
  return text === '' && noneIfEmpty ? '<none>' : text;
}

export function containerCells(template: unknown): [string, string] {
  const containers = list(at(template, 'spec', 'containers'));
  return [containers.map((c) => str(c.name)).join(','), containers.map((c) => str(c.image)).join(',')];
}

export const age = (o: KubeObject, now: number): string => since(o.metadata.creationTimestamp, now);

export function podCells(pod: KubeObject, now: number): unknown[] {
  const spec = rec(pod.spec);
  const status = rec(pod.status);
  const conditions = list(status.conditions);
  const initSpecs = new Map(list(spec.initContainers).map((c) => [str(c.name), c]));
  const restartable = (name: unknown): boolean => initSpecs.get(str(name))?.restartPolicy === 'Always';
  const total =
    list(spec.containers).length + [...initSpecs.values()].filter((c) => c.restartPolicy === 'Always').length;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart = 0;
  let lastSidecarRestart = 0;
  const finishedAt = (c: Json): number =>
    Date.parse(str(at(c, 'lastState', 'terminated', 'finishedAt'))) || 0;
  let reason = str(status.reason) || str(status.phase);
  if (conditions.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated'))
    reason = 'SchedulingGated';

  let initializing = false;
  const initStatuses = list(status.initContainerStatuses);
  for (const [i, c] of initStatuses.entries()) {
    restarts += int(c.restartCount);
    lastRestart = Math.max(lastRestart, finishedAt(c));
    if (restartable(c.name)) {
      sidecarRestarts += int(c.restartCount);
      lastSidecarRestart = Math.max(lastSidecarRestart, finishedAt(c));
    }
    const terminated = at(c, 'state', 'terminated');
    const waitingReason = str(at(c, 'state', 'waiting', 'reason'));
    if (terminated !== undefined && int(rec(terminated).exitCode) === 0) continue;
    if (restartable(c.name) && c.started === true) {
      if (c.ready === true) ready++;
      continue;
    }
    initializing = true;
    if (terminated !== undefined) {
      const t = rec(terminated);
      reason = str(t.reason)
        ? `Init:${str(t.reason)}`
        : int(t.signal) !== 0
          ? `Init:Signal:${int(t.signal)}`
          : `Init:ExitCode:${int(t.exitCode)}`;
    } else if (waitingReason !== '' && waitingReason !== 'PodInitializing') {
      reason = `Init:${waitingReason}`;
    } else {
      reason = `Init:${i}/${initSpecs.size}`;
    }
    break;
  }

  const initialized = conditions.some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    // The last container with a notable state wins, so walk them back to front like the real printer.
    for (const c of list(status.containerStatuses).reverse()) {
      restarts += int(c.restartCount);
      lastRestart = Math.max(lastRestart, finishedAt(c));
      const waiting = str(at(c, 'state', 'waiting', 'reason'));
      const terminated = at(c, 'state', 'terminated');
      const t = rec(terminated);
      if (waiting !== '') reason = waiting;
      else if (terminated !== undefined && str(t.reason) !== '') reason = str(t.reason);
      else if (terminated !== undefined)
        reason = int(t.signal) !== 0 ? `Signal:${int(t.signal)}` : `ExitCode:${int(t.exitCode)}`;
      else if (c.ready === true && at(c, 'state', 'running') !== undefined) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = conditions.some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }

  const phase = str(status.phase);
  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed')
    reason = 'Terminating';

  const restartText =
    restarts !== 0 && lastRestart !== 0
      ? `${restarts} (${humanDuration(now - lastRestart)} ago)`
      : String(restarts);
  const podIP = str(at(list(status.podIPs)[0], 'ip')) || str(status.podIP) || '<none>';
  const gates = list(spec.readinessGates);
  const gateText =
    gates.length === 0
      ? '<none>'
      : `${gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True').length}/${gates.length}`;
  return [
    pod.metadata.name,
    `${ready}/${total}`,
    reason,
    restartText,
    age(pod, now),
    podIP,
    str(spec.nodeName) || '<none>',
    str(status.nominatedNodeName) || '<none>',
    gateText,
  ];
}

export function nodeCells(node: KubeObject, now: number): unknown[] {
  const status = rec(node.status);
  const info = rec(status.nodeInfo);
  const readyCondition = list(status.conditions).find((c) => c.type === 'Ready');
  const states = readyCondition ? [readyCondition.status === 'True' ? 'Ready' : 'NotReady'] : ['Unknown'];
  if (at(node, 'spec', 'unschedulable') === true) states.push('SchedulingDisabled');
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith('node-role.kubernetes.io/') && key.length > 'node-role.kubernetes.io/'.length) {
      roles.add(key.slice('node-role.kubernetes.io/'.length));
    } else if (key === 'kubernetes.io/role' && value !== '') roles.add(value);
  }
  const address = (type: string): string =>
    str(list(status.addresses).find((a) => a.type === type)?.address) || '<none>';
  return [
    node.metadata.name,
    states.join(','),
    [...roles].sort().join(',') || '<none>',
    age(node, now),
    str(info.kubeletVersion),
    address('InternalIP'),
    address('ExternalIP'),
    str(info.osImage) || '<unknown>',
    str(info.kernelVersion) || '<unknown>',
    str(info.containerRuntimeVersion) || '<unknown>',
  ];
}

export function serviceCells(svc: KubeObject, now: number): unknown[] {
  const spec = rec(svc.spec);
  const type = str(spec.type) || 'ClusterIP';
  const externalIPs = (Array.isArray(spec.externalIPs) ? spec.externalIPs : []).map(str);
  let external: string;
  if (type === 'ClusterIP' || type === 'NodePort') {
    external = externalIPs.join(',') || '<none>';
  } else if (type === 'LoadBalancer') {
    const ingress = list(at(svc, 'status', 'loadBalancer', 'ingress')).map(
      (i) => str(i.ip) || str(i.hostname),
    );
    const lb = [...new Set(ingress.filter((i) => i !== ''))].sort();
    external = [...lb, ...externalIPs].join(',') || '<pending>';
  } else if (type === 'ExternalName') {
    external = str(spec.externalName);
  } else {
    external = '<unknown>';
  }
  const ports = list(spec.ports).map((p) => {
    const protocol = str(p.protocol) || 'TCP';
    return int(p.nodePort) > 0
      ? `${int(p.port)}:${int(p.nodePort)}/${protocol}`
      : `${int(p.port)}/${protocol}`;
  });
  const clusterIP = str((Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [])[0] ?? spec.clusterIP);
  return [
    svc.metadata.name,
    type,
    clusterIP || '<none>',
    external,
    ports.join(',') || '<none>',
    age(svc, now),
    formatLabels(spec.selector),
  ];
}

export function eventCells(ev: KubeObject, now: number): unknown[] {
  const involved = rec(ev.involvedObject);
  const first = ev.firstTimestamp ? since(ev.firstTimestamp, now) : since(ev.eventTime, now);
  let last = ev.lastTimestamp ? since(ev.lastTimestamp, now) : first;
  let count = int(ev.count);
  if (ev.series !== undefined && ev.series !== null) {
    last = since(at(ev, 'series', 'lastObservedTime'), now);
    count = int(at(ev, 'series', 'count'));
  } else if (count === 0) {
    count = 1;
  }
  const kind = str(involved.kind).toLowerCase();
  const target = str(involved.name) ? `${kind}/${str(involved.name)}` : kind;
  const component = str(at(ev, 'source', 'component')) || str(ev.reportingComponent);
  const host = str(at(ev, 'source', 'host')) || str(ev.reportingInstance);
  return [
    last,
    str(ev.type),
    str(ev.reason),
    target,
    str(involved.fieldPath),
    host ? `${component}, ${host}` : component,
    str(ev.message).trim(),
    first,
    count,
    ev.metadata.name,
  ];
}
