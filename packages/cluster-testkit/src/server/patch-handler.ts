import type { IncomingMessage } from 'node:http';
import { applyPatch, PatchError } from '../api/patch';
import { BUILTIN_RESOURCES, type ResourceType } from '../api/resources';
import { ApiError, errors } from '../api/status';
import type { KubeObject, KubeObjectInput } from '../api/types';
import { parseObjectBody, parseJsonBody, readBody } from './body';
import type { ServerContext } from './context';
import type { ResourceRequest } from './resource-handler';
import { afterWrite, create } from './resource-writes';
import type { Responder } from './responder';

const PATCH_TYPES = new Set([
  'application/merge-patch+json',
  'application/json-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
]);

const BUILTIN_GROUPS = new Set(BUILTIN_RESOURCES.map((t) => t.group));

const isBuiltinGroup = (group: string) => BUILTIN_GROUPS.has(group);

/** PATCH of a stored object: merge, JSON and strategic merge patches, and server-side apply. */
export async function patch(
  ctx: ServerContext,
  request: ResourceRequest,
  req: IncomingMessage,
  params: URLSearchParams,
  responder: Responder,
): Promise<void> {
  const { type, namespace } = request;
  const name = request.name as string;
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
  if (!PATCH_TYPES.has(contentType)) throw errors.unsupportedMediaType(contentType);
  const text = await readBody(req, ctx.settings.maxRequestBodyBytes);
  const dryRun = params.has('dryRun');
  const existing = ctx.store.get(type, namespace, name);
  if (contentType === 'application/apply-patch+yaml') {
    // Server-side apply, simplified: the applied configuration is merged like a JSON merge patch;
    // field ownership is not tracked, so there are never apply conflicts.
    if (!params.get('fieldManager')) {
      throw errors.badRequest('PATCH requests with apply content type must have a fieldManager');
    }
    const applied = parseObjectBody(text, 'yaml') as KubeObjectInput;
    if (!existing) {
      const created = create(
        ctx,
        type,
        namespace,
        { ...applied, metadata: { ...applied.metadata, name } },
        dryRun,
      );
      return responder.json(201, created);
    }
    return finishPatch(
      ctx,
      type,
      existing,
      applyOrThrow(type, existing, 'application/merge-patch+json', applied),
      dryRun,
      responder,
    );
  }
  if (!existing) throw errors.notFound(type, name);
  const patched = applyOrThrow(type, existing, contentType, parseJsonBody(text));
  return finishPatch(ctx, type, existing, patched, dryRun, responder);
}

function applyOrThrow(
  type: ResourceType,
  existing: KubeObject,
  contentType: string,
  body: unknown,
): KubeObject {
  try {
    // Custom resources have no patch strategy, so the apiserver refuses strategic merge for them (415).
    return applyPatch(existing, contentType, body, { strategicMerge: isBuiltinGroup(type.group) });
  } catch (error) {
    if (error instanceof PatchError) {
      if (error.status === 415) throw errors.unsupportedMediaType(contentType);
      throw new ApiError(error.status, error.status === 422 ? 'Invalid' : 'BadRequest', error.message);
    }
    throw error;
  }
}

function finishPatch(
  ctx: ServerContext,
  type: ResourceType,
  existing: KubeObject,
  patched: KubeObject,
  dryRun: boolean,
  responder: Responder,
): Promise<void> {
  // Identity fields are the server's: a patch cannot rename or move an object.
  patched.metadata = {
    ...patched.metadata,
    name: existing.metadata.name,
    uid: existing.metadata.uid,
    resourceVersion: patched.metadata.resourceVersion ?? existing.metadata.resourceVersion,
  };
  if (existing.metadata.namespace !== undefined) patched.metadata.namespace = existing.metadata.namespace;
  if (dryRun) return responder.json(200, patched);
  const updated = ctx.store.update(type, patched);
  afterWrite(ctx, type, updated);
  return responder.json(200, updated);
}
