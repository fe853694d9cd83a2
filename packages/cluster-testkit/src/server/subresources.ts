import type { IncomingMessage } from 'node:http';
import { applyPatch, PatchError } from '../api/patch';
import type { ResourceType } from '../api/resources';
import { ApiError, errors, statusBody } from '../api/status';
import type { KubeObject } from '../api/types';
import { matchesLabels, parseLabelSelector } from '../api/selectors';
import { parseJsonBody, parseObjectBody, readBody } from './body';
import type { ServerContext } from './context';
import { intParam, boolParam } from './list-options';
import { remove } from './resource-writes';
import type { Responder } from './responder';
import { podLogLine } from '../workload/pod-logs';

export interface SubresourceRequest {
  verb: string;
  type: ResourceType;
  namespace?: string;
  name: string;
  subresource: string;
}

/** status, scale, eviction and log: the subresources kubectl and consoles use. */
export async function handleSubresource(
  ctx: ServerContext,
  request: SubresourceRequest,
  req: IncomingMessage,
  url: URL,
  responder: Responder,
): Promise<void> {
  const { type, namespace, name, subresource } = request;
  const declared = type.subresources.find((s) => s.name === subresource);
  if (!declared || !declared.verbs.includes(request.verb)) throw errors.pathNotFound();
  const object = ctx.store.get(type, namespace, name);
  if (!object) throw errors.notFound(type, name);
  switch (subresource) {
    case 'status':
      return status(ctx, request, object, req, responder);
    case 'scale':
      return scale(ctx, request, object, req, responder);
    case 'eviction':
      return evict(ctx, object, req, responder);
    case 'log':
      return logs(ctx, object, url.searchParams, responder);
    default:
      throw errors.pathNotFound();
  }
}

function patchOrThrow(target: KubeObject, req: IncomingMessage, text: string): KubeObject {
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
  try {
    return applyPatch(target, contentType, parseJsonBody(text));
  } catch (error) {
    if (error instanceof PatchError) {
      if (error.status === 415) throw errors.unsupportedMediaType(contentType);
      throw new ApiError(error.status, 'Invalid', error.message);
    }
    throw error;
  }
}

async function status(
  ctx: ServerContext,
  request: SubresourceRequest,
  object: KubeObject,
  req: IncomingMessage,
  responder: Responder,
) {
  if (request.verb === 'get') return responder.json(200, object);
  const text = await readBody(req, ctx.settings.maxRequestBodyBytes);
  const next =
    request.verb === 'patch'
      ? patchOrThrow(object, req, text)
      : (parseObjectBody(text, 'json') as KubeObject);
  // Writes through /status change only status, like the real status strategy.
  const updated = ctx.store.update(
    request.type,
    { ...object, status: next['status'] },
    { bumpGeneration: false },
  );
  return responder.json(200, updated);
}

/** The `status.selector` text of a Scale, as the apiserver renders matchLabels. */
export function labelSelectorFromMatchLabels(matchLabels: Record<string, string>): string {
  return Object.entries(matchLabels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

function scaleOf(object: KubeObject): KubeObject {
  const spec = (object['spec'] ?? {}) as {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string> };
  };
  const objectStatus = (object['status'] ?? {}) as { replicas?: number };
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: object.metadata.name,
      ...(object.metadata.namespace !== undefined ? { namespace: object.metadata.namespace } : {}),
      uid: object.metadata.uid,
      resourceVersion: object.metadata.resourceVersion,
      creationTimestamp: object.metadata.creationTimestamp,
    },
    spec: { replicas: spec.replicas ?? 1 },
    status: {
      replicas: objectStatus.replicas ?? 0,
      selector: labelSelectorFromMatchLabels(spec.selector?.matchLabels ?? {}),
    },
  };
}

async function scale(
  ctx: ServerContext,
  request: SubresourceRequest,
  object: KubeObject,
  req: IncomingMessage,
  responder: Responder,
) {
  const current = scaleOf(object);
  if (request.verb === 'get') return responder.json(200, current);
  const text = await readBody(req, ctx.settings.maxRequestBodyBytes);
  const next =
    request.verb === 'patch'
      ? patchOrThrow(current, req, text)
      : (parseObjectBody(text, 'json') as KubeObject);
  const replicas = (next['spec'] as { replicas?: unknown } | undefined)?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw errors.invalid(
      'Scale',
      object.metadata.name,
      'spec.replicas: Invalid value: must be greater than or equal to 0',
    );
  }
  const spec = { ...((object['spec'] ?? {}) as Record<string, unknown>), replicas };
  const updated = ctx.store.update(request.type, { ...object, spec });
  ctx.controllers.onWritten(request.type, updated);
  return responder.json(200, scaleOf(updated));
}

interface PodDisruptionBudgetSpec {
  minAvailable?: number | string;
  maxUnavailable?: number | string;
  selector?: { matchLabels?: Record<string, string> };
}

const isHealthy = (pod: KubeObject) => {
  const podStatus = (pod['status'] ?? {}) as {
    phase?: string;
    conditions?: Array<{ type: string; status: string }>;
  };
  return (
    podStatus.phase === 'Running' &&
    (podStatus.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
  );
};

function resolveCount(value: number | string, total: number): number {
  if (typeof value === 'number') return value;
  const percent = Number(value.replace('%', ''));
  return Math.ceil((percent / 100) * total);
}

/** The eviction API: refuses with 429 when a PodDisruptionBudget would be violated. */
async function evict(ctx: ServerContext, pod: KubeObject, req: IncomingMessage, responder: Responder) {
  await readBody(req, ctx.settings.maxRequestBodyBytes);
  const pdbType = ctx.registry.lookup('policy', 'v1', 'poddisruptionbudgets');
  const podType = ctx.registry.lookup('', 'v1', 'pods') as ResourceType;
  const namespace = pod.metadata.namespace;
  if (pdbType && isHealthy(pod)) {
    for (const pdb of ctx.store.list(pdbType, namespace).items) {
      const spec = (pdb['spec'] ?? {}) as PodDisruptionBudgetSpec;
      const selector = labelSelectorFromMatchLabels(spec.selector?.matchLabels ?? {});
      if (!spec.selector || !matchesSelectorText(selector, pod.metadata.labels)) continue;
      const covered = ctx.store
        .list(podType, namespace)
        .items.filter((p) => matchesSelectorText(selector, p.metadata.labels));
      const healthy = covered.filter(isHealthy).length;
      const allowed =
        spec.minAvailable !== undefined
          ? healthy - 1 >= resolveCount(spec.minAvailable, covered.length)
          : covered.length - (healthy - 1) <= resolveCount(spec.maxUnavailable ?? 0, covered.length);
      if (!allowed) {
        const needed =
          spec.minAvailable !== undefined ? resolveCount(spec.minAvailable, covered.length) : covered.length;
        throw new ApiError(
          429,
          'TooManyRequests',
          "Cannot evict pod as it would violate the pod's disruption budget.",
          {
            causes: [
              {
                reason: 'DisruptionBudget',
                message: `The disruption budget ${pdb.metadata.name} needs ${needed} healthy pods and has ${healthy} currently`,
              },
            ],
          },
        );
      }
    }
  }
  remove(ctx, podType, pod);
  return responder.json(201, statusBody(201, '', ''));
}

/** An empty selector selects nothing here: a budget without a selector protects no pod. */
function matchesSelectorText(selector: string, labels: Record<string, string> | undefined): boolean {
  if (selector === '') return false;
  return matchesLabels(parseLabelSelector(selector), labels);
}

/** `pods/log`: deterministic lines per pod; `follow=true` keeps streaming until the client leaves. */
async function logs(ctx: ServerContext, pod: KubeObject, params: URLSearchParams, responder: Responder) {
  const containers = (
    (pod['spec'] as { containers?: Array<{ name: string }> } | undefined)?.containers ?? []
  ).map((c) => c.name);
  const container = params.get('container') ?? containers[0] ?? '';
  if (containers.length > 1 && !params.get('container')) {
    throw errors.badRequest(
      `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${containers.join(' ')}]`,
    );
  }
  if (!containers.includes(container)) {
    throw errors.badRequest(`container ${container} is not valid for pod ${pod.metadata.name}`);
  }
  const timestamps = boolParam(params, 'timestamps') ?? false;
  const tail = intParam(params, 'tailLines');
  const sinceSeconds = intParam(params, 'sinceSeconds');
  const started = Date.parse(pod.metadata.creationTimestamp);
  const now = Date.now();
  const interval = ctx.settings.logLineIntervalMs;
  // A line every interval since the pod started, capped so old pods don't produce huge logs.
  const total = Math.min(500, Math.max(1, Math.floor((now - started) / Math.max(interval, 1000))));
  let first = 0;
  if (sinceSeconds !== undefined)
    first = Math.max(0, total - Math.ceil((sinceSeconds * 1000) / Math.max(interval, 1000)));
  if (tail !== undefined) first = Math.max(first, total - tail);
  const lines: string[] = [];
  for (let i = first; i < total; i++)
    lines.push(podLogLine(pod, container, i, timestamps, now - (total - i) * 1000));
  const follow = boolParam(params, 'follow') ?? false;
  if (!follow) return responder.text(200, lines.map((l) => `${l}\n`).join(''));

  const { res } = responder;
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  for (const line of lines) res.write(`${line}\n`);
  const podType = ctx.registry.lookup('', 'v1', 'pods') as ResourceType;
  let index = total;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (ctx.faults.hung) return;
      if (!ctx.store.get(podType, pod.metadata.namespace, pod.metadata.name)) {
        res.end();
        return;
      }
      res.write(`${podLogLine(pod, container, index++, timestamps, Date.now())}\n`);
    }, interval);
    res.on('close', () => {
      clearInterval(timer);
      resolve();
    });
  });
}
