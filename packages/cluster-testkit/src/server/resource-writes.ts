import type { IncomingMessage } from 'node:http';
import { apiVersionOf, groupResource, type ResourceType } from '../api/resources';
import { ApiError, errors } from '../api/status';
import { typesFromCrd } from '../api/type-registry';
import type { KubeObject, KubeObjectInput } from '../api/types';
import { parseObjectBody, readBody } from './body';
import type { ServerContext } from './context';

/**
 * Bodies are read as JSON (or YAML for apply). Protobuf bodies, which newer kubectl sends for built-in
 * kinds, are refused with 415 as the apiserver does for a type it cannot decode.
 */
export function requireJsonBody(req: IncomingMessage): void {
  const contentType = (req.headers['content-type'] ?? 'application/json').split(';')[0]?.trim() ?? '';
  if (contentType !== 'application/json' && contentType !== '')
    throw errors.unsupportedMediaType(contentType);
}

export function checkIdentity(
  type: ResourceType,
  namespace: string | undefined,
  name: string | undefined,
  input: KubeObjectInput,
) {
  if (input.kind !== undefined && input.kind !== type.kind) {
    throw errors.badRequest(
      `the object provided is unrecognized (must be of type ${type.kind}): kind ${input.kind}`,
    );
  }
  if (type.namespaced && input.metadata?.namespace && namespace && input.metadata.namespace !== namespace) {
    throw errors.badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  if (name !== undefined && input.metadata?.name && input.metadata.name !== name) {
    throw errors.badRequest('the name of the object does not match the name on the URL');
  }
}

/** Creates an object (the namespace must exist, like the NamespaceLifecycle admission plugin). */
export function create(
  ctx: ServerContext,
  type: ResourceType,
  namespace: string | undefined,
  input: KubeObjectInput,
  dryRun = false,
): KubeObject {
  checkIdentity(type, namespace, undefined, input);
  const metadata = { ...(input.metadata ?? {}) };
  if (type.namespaced) {
    const ns = namespace ?? metadata.namespace ?? 'default';
    if (!ctx.store.get(namespaceType(ctx), undefined, ns)) {
      throw new ApiError(404, 'NotFound', `namespaces "${ns}" not found`, { name: ns, kind: 'namespaces' });
    }
    metadata.namespace = ns;
  }
  delete metadata.resourceVersion;
  delete metadata.uid;
  const body = { ...input, metadata };
  if (dryRun) {
    if (metadata.name && ctx.store.get(type, metadata.namespace, metadata.name)) {
      throw errors.alreadyExists(type, metadata.name);
    }
    return { ...body, apiVersion: apiVersionOf(type), kind: type.kind } as KubeObject;
  }
  const created = ctx.store.create(type, body);
  afterWrite(ctx, type, created);
  return created;
}

export function namespaceType(ctx: ServerContext): ResourceType {
  return ctx.registry.lookup('', 'v1', 'namespaces') as ResourceType;
}

export async function deleteOptions(
  ctx: ServerContext,
  req: IncomingMessage,
): Promise<{ propagationPolicy?: string; dryRun?: boolean }> {
  const text = await readBody(req, ctx.settings.maxRequestBodyBytes);
  if (!text.trim()) return {};
  const body = parseObjectBody(text, 'json');
  const result: { propagationPolicy?: string; dryRun?: boolean } = {};
  if (typeof body['propagationPolicy'] === 'string') result.propagationPolicy = body['propagationPolicy'];
  if (Array.isArray(body['dryRun']) && body['dryRun'].length > 0) result.dryRun = true;
  return result;
}

/**
 * Deletes at once (no graceful termination) and, unless orphaned, the object's dependents,
 * like the garbage collector's background propagation.
 */
export function remove(
  ctx: ServerContext,
  type: ResourceType,
  object: KubeObject,
  propagationPolicy?: string,
): KubeObject {
  const deleted = ctx.store.delete(type, object.metadata.namespace, object.metadata.name);
  afterDelete(ctx, type, deleted, propagationPolicy !== 'Orphan');
  return deleted;
}

export function afterDelete(
  ctx: ServerContext,
  type: ResourceType,
  deleted: KubeObject,
  cascade: boolean,
): void {
  const resource = groupResource(type);
  if (resource === 'customresourcedefinitions.apiextensions.k8s.io') {
    // The apiserver deletes a CRD's objects with it; a re-created CRD starts empty.
    for (const crdType of typesFromCrd(deleted)) {
      for (const item of ctx.store.list(crdType).items)
        ctx.store.delete(crdType, item.metadata.namespace, item.metadata.name);
      ctx.registry.remove(crdType);
    }
  }
  if (resource === 'namespaces') {
    for (const other of ctx.registry.all()) {
      if (!other.namespaced || !other.verbs.includes('list')) continue;
      for (const item of ctx.store.list(other, deleted.metadata.name).items) {
        ctx.store.delete(other, item.metadata.namespace, item.metadata.name);
      }
    }
  }
  if (cascade) {
    for (const other of ctx.registry.all()) {
      if (!other.verbs.includes('list') || other.group === 'authorization.k8s.io') continue;
      for (const item of ctx.store.list(other, type.namespaced ? deleted.metadata.namespace : undefined)
        .items) {
        if (item.metadata.ownerReferences?.some((ref) => ref.uid === deleted.metadata.uid)) {
          remove(ctx, other, item, 'Background');
        }
      }
    }
  }
  ctx.controllers.onDeleted(type, deleted);
}

export function afterWrite(ctx: ServerContext, type: ResourceType, object: KubeObject): void {
  if (groupResource(type) === 'customresourcedefinitions.apiextensions.k8s.io') {
    for (const crdType of typesFromCrd(object)) ctx.registry.add(crdType);
  }
  ctx.controllers.onWritten(type, object);
}
