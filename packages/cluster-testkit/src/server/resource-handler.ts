import type { IncomingMessage } from 'node:http';
import { applyPatch, PatchError } from '../api/patch';
import { apiVersionOf, BUILTIN_RESOURCES, groupResource, type ResourceType } from '../api/resources';
import { ApiError, errors, statusBody } from '../api/status';
import { toTable } from '../api/tables';
import { typesFromCrd } from '../api/type-registry';
import type { KubeObject, KubeObjectInput, ListMeta } from '../api/types';
import { objectKey } from '../store/object-store';
import { parseObjectBody, parseJsonBody, readBody } from './body';
import type { ServerContext } from './context';
import { boolParam, decodeContinue, encodeContinue, intParam, selectionPredicate } from './list-options';
import { negotiateRepresentation, TABLE_CONTENT_TYPE, type ObjectRepresentation } from './negotiation';
import type { Responder } from './responder';
import { WatchStream } from './watch-stream';

export interface ResourceRequest {
  verb: string;
  type: ResourceType;
  namespace?: string;
  name?: string;
}

const PATCH_TYPES = new Set([
  'application/merge-patch+json',
  'application/json-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
]);

const BUILTIN_GROUPS = new Set(BUILTIN_RESOURCES.map((t) => t.group));
const isBuiltinGroup = (group: string) => BUILTIN_GROUPS.has(group);

const METADATA_CONTENT_TYPE = 'application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io';

function partialMetadata(object: KubeObject) {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata };
}

function includeObjectParam(params: URLSearchParams): 'None' | 'Metadata' | 'Object' {
  const value = params.get('includeObject');
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}

function representationOf(req: IncomingMessage): ObjectRepresentation {
  const accept = req.headers.accept;
  const representation = negotiateRepresentation(accept);
  if (!representation) throw errors.notAcceptable(accept ?? '');
  return representation;
}

/** Get, list, watch, create, update, patch, delete and deletecollection of stored resources. */
export async function handleResource(
  ctx: ServerContext,
  request: ResourceRequest,
  req: IncomingMessage,
  url: URL,
  responder: Responder,
): Promise<void> {
  const { type, namespace, name } = request;
  const params = url.searchParams;
  switch (request.verb) {
    case 'get': {
      const object = ctx.store.get(type, namespace, name as string);
      if (!object) throw errors.notFound(type, name as string);
      return sendObject(ctx, type, object, representationOf(req), params, responder);
    }
    case 'list':
      return list(ctx, request, representationOf(req), params, responder);
    case 'watch':
      return watch(ctx, request, representationOf(req), params, responder);
    case 'create': {
      requireJsonBody(req);
      const input = parseObjectBody(
        await readBody(req, ctx.settings.maxRequestBodyBytes),
        'json',
      ) as KubeObjectInput;
      const created = create(ctx, type, namespace, input, params.has('dryRun'));
      return responder.json(201, created);
    }
    case 'update': {
      requireJsonBody(req);
      const input = parseObjectBody(
        await readBody(req, ctx.settings.maxRequestBodyBytes),
        'json',
      ) as KubeObjectInput;
      checkIdentity(type, namespace, name as string, input);
      const existing = ctx.store.get(type, namespace, name as string);
      if (!existing) throw errors.notFound(type, name as string);
      const next = { ...input, metadata: { ...existing.metadata, ...input.metadata } } as KubeObject;
      if (params.has('dryRun')) return responder.json(200, next);
      const updated = ctx.store.update(type, next);
      afterWrite(ctx, type, updated);
      return responder.json(200, updated);
    }
    case 'patch':
      return patch(ctx, request, req, params, responder);
    case 'delete': {
      const options = await deleteOptions(ctx, req);
      const existing = ctx.store.get(type, namespace, name as string);
      if (!existing) throw errors.notFound(type, name as string);
      if (params.has('dryRun') || options.dryRun) return responder.json(200, existing);
      const deleted = remove(
        ctx,
        type,
        existing,
        params.get('propagationPolicy') ?? options.propagationPolicy,
      );
      return responder.json(200, deleted);
    }
    case 'deletecollection': {
      const options = await deleteOptions(ctx, req);
      const matches = selectionPredicate(type, namespace, params);
      const victims = ctx.store.list(type, namespace).items.filter(matches);
      const dryRun = params.has('dryRun') || options.dryRun;
      const deleted = dryRun ? victims : victims.map((v) => remove(ctx, type, v, options.propagationPolicy));
      return responder.json(200, {
        kind: type.listKind,
        apiVersion: apiVersionOf(type),
        metadata: { resourceVersion: String(ctx.store.resourceVersion) },
        items: deleted,
      });
    }
    default:
      throw errors.methodNotAllowed(request.verb);
  }
}

function sendObject(
  ctx: ServerContext,
  type: ResourceType,
  object: KubeObject,
  representation: ObjectRepresentation,
  params: URLSearchParams,
  responder: Responder,
): Promise<void> {
  if (representation.as === 'Table') {
    const table = toTable(type, [object], { includeObject: includeObjectParam(params) });
    return responder.json(200, table, TABLE_CONTENT_TYPE);
  }
  if (representation.as === 'PartialObjectMetadata') {
    return responder.json(200, partialMetadata(object), METADATA_CONTENT_TYPE);
  }
  return responder.json(200, object);
}

function list(
  ctx: ServerContext,
  request: ResourceRequest,
  representation: ObjectRepresentation,
  params: URLSearchParams,
  responder: Responder,
): Promise<void> {
  const { type, namespace } = request;
  const matches = selectionPredicate(type, namespace, params);
  const limit = intParam(params, 'limit');
  const continueText = params.get('continue');
  let listRevision = ctx.store.resourceVersion;
  let startKey = '';
  if (continueText) {
    const token = decodeContinue(continueText);
    // Pages of one list share its revision; once that revision is compacted the list cannot go on.
    if (token.rv < ctx.store.oldestResumable(type)) throw errors.expiredContinue();
    listRevision = token.rv;
    startKey = token.start;
  } else if (params.get('resourceVersionMatch') === 'Exact') {
    const wanted = Number(params.get('resourceVersion'));
    if (wanted !== listRevision) throw errors.expiredResourceVersion(wanted, ctx.store.oldestResumable(type));
  }
  const all = ctx.store
    .list(type, type.namespaced ? namespace : undefined)
    .items.filter((o) => matches(o) && objectKey(o.metadata.namespace, o.metadata.name) >= startKey);
  const page = limit && limit > 0 ? all.slice(0, limit) : all;
  const listMeta: ListMeta = { resourceVersion: String(listRevision) };
  if (page.length < all.length) {
    const last = page[page.length - 1] as KubeObject;
    listMeta.continue = encodeContinue(listRevision, objectKey(last.metadata.namespace, last.metadata.name));
    listMeta.remainingItemCount = all.length - page.length;
  }
  if (representation.as === 'Table') {
    const table = toTable(type, page, { includeObject: includeObjectParam(params), listMeta });
    return responder.json(200, table, TABLE_CONTENT_TYPE);
  }
  if (representation.as === 'PartialObjectMetadataList' || representation.as === 'PartialObjectMetadata') {
    return responder.json(
      200,
      {
        kind: 'PartialObjectMetadataList',
        apiVersion: 'meta.k8s.io/v1',
        metadata: listMeta,
        items: page.map(partialMetadata),
      },
      'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io',
    );
  }
  return responder.json(200, {
    kind: type.listKind,
    apiVersion: apiVersionOf(type),
    metadata: listMeta,
    items: page,
  });
}

async function watch(
  ctx: ServerContext,
  request: ResourceRequest,
  representation: ObjectRepresentation,
  params: URLSearchParams,
  responder: Responder,
): Promise<void> {
  const { type, namespace } = request;
  const matches = selectionPredicate(type, namespace, params);
  const includeObject = includeObjectParam(params);
  const encode =
    representation.as === 'Table'
      ? (object: KubeObject) => toTable(type, [object], { includeObject })
      : representation.as === 'object'
        ? (object: KubeObject) => object
        : partialMetadata;
  const timeoutSeconds = intParam(params, 'timeoutSeconds');
  const stream = new WatchStream(
    ctx.store,
    responder,
    {
      type,
      matches,
      encode,
      contentType: representation.as === 'Table' ? TABLE_CONTENT_TYPE : 'application/json',
      resourceVersion: params.get('resourceVersion') ?? '',
      sendInitialEvents: boolParam(params, 'sendInitialEvents'),
      allowBookmarks: boolParam(params, 'allowWatchBookmarks') ?? false,
      bookmarkIntervalMs: ctx.settings.bookmarkIntervalMs,
      ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
      isFrozen: () => ctx.faults.hung,
    },
    (closed) => ctx.watches.delete(closed),
  );
  ctx.watches.add(stream);
  stream.start();
  // The response stays open; the request log records it when the stream closes.
  await new Promise<void>((resolve) => responder.res.on('close', () => resolve()));
}

/**
 * Bodies are read as JSON (or YAML for apply). Protobuf bodies, which newer kubectl sends for built-in
 * kinds, are refused with 415 as the apiserver does for a type it cannot decode.
 */
export function requireJsonBody(req: IncomingMessage): void {
  const contentType = (req.headers['content-type'] ?? 'application/json').split(';')[0]?.trim() ?? '';
  if (contentType !== 'application/json' && contentType !== '')
    throw errors.unsupportedMediaType(contentType);
}

function checkIdentity(
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

function namespaceType(ctx: ServerContext): ResourceType {
  return ctx.registry.lookup('', 'v1', 'namespaces') as ResourceType;
}

async function patch(
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

async function deleteOptions(
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

function afterDelete(ctx: ServerContext, type: ResourceType, deleted: KubeObject, cascade: boolean): void {
  const resource = groupResource(type);
  if (resource === 'customresourcedefinitions.apiextensions.k8s.io') {
    for (const crdType of typesFromCrd(deleted)) ctx.registry.remove(crdType);
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

function afterWrite(ctx: ServerContext, type: ResourceType, object: KubeObject): void {
  if (groupResource(type) === 'customresourcedefinitions.apiextensions.k8s.io') {
    for (const crdType of typesFromCrd(object)) ctx.registry.add(crdType);
  }
  ctx.controllers.onWritten(type, object);
}

export const successStatus = (name: string, type: ResourceType) =>
  statusBody(200, '', '', { name, group: type.group, kind: type.plural });
