import type { IncomingMessage } from 'node:http';
import { apiVersionOf, type ResourceType } from '../api/resources';
import { errors } from '../api/status';
import { toTable } from '../api/tables';
import type { KubeObject, KubeObjectInput, ListMeta } from '../api/types';
import { objectKey } from '../store/object-store';
import { parseObjectBody, readBody } from './body';
import { patch } from './patch-handler';
import { afterWrite, checkIdentity, create, deleteOptions, remove, requireJsonBody } from './resource-writes';
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
