import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { aggregatedDiscovery, apiGroupList, apiResourceList, apiVersions } from '../api/discovery';
import { isReviewResource } from '../api/resources';
import { ApiError, errors } from '../api/status';
import { forbiddenMessage, isAllowed, type ResourceAttributes } from '../auth/authorizer';
import type { User } from '../auth/users';
import { credentialFingerprint } from './certs';
import type { ServerContext } from './context';
import { healthBody, readyzFailing } from './health';
import { aggregatedDiscoveryContentType, negotiateDiscovery } from './negotiation';
import { parseObjectBody, readBody } from './body';
import { parseRequestInfo } from './request-info';
import { handleResource } from './resource-handler';
import { requireJsonBody } from './resource-writes';
import type { Responder } from './responder';
import { accessReview, rulesReview } from './reviews';
import { handleSubresource } from './subresources';

export interface Identity {
  user: User | null;
  /** Fingerprint of the presented token, for the request log. */
  credential: string | null;
}

const PUBLIC_PATHS = new Set(['/version', '/healthz', '/livez', '/readyz']);

/**
 * Bearer token first, then a client certificate signed by the cluster CA; anonymous when neither.
 * A presented but invalid credential is rejected (401 everywhere), as the apiserver does.
 */
export function authenticate(ctx: ServerContext, req: IncomingMessage): Identity & { rejected: boolean } {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) return { user: null, credential: 'malformed-authorization', rejected: true };
    const token = (match[1] as string).trim();
    const user = ctx.users.authenticateToken(token) ?? null;
    return { user, credential: credentialFingerprint(token), rejected: user === null };
  }
  const socket = req.socket as TLSSocket;
  if (socket.authorized) {
    const cn = socket.getPeerCertificate()?.subject?.CN;
    const name = Array.isArray(cn) ? cn[0] : cn;
    const user = (name ? ctx.users.authenticateCertificate(name) : undefined) ?? null;
    return { user, credential: `x509:${name ?? ''}`, rejected: user === null };
  }
  // A certificate the cluster's CA did not sign is a failed login, not an anonymous request.
  const presented = socket.getPeerCertificate?.();
  if (presented && Object.keys(presented).length > 0)
    return { user: null, credential: 'x509:unverified', rejected: true };
  return { user: null, credential: null, rejected: false };
}

/** Routes one request that has passed authentication and the connection-level faults. */
export async function route(
  ctx: ServerContext,
  req: IncomingMessage,
  url: URL,
  identity: Identity,
  responder: Responder,
): Promise<void> {
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const method = req.method ?? 'GET';

  const publicPath = PUBLIC_PATHS.has(path) || /^\/(healthz|livez|readyz)\//.test(path);
  if (publicPath) return servePublic(ctx, path, url, responder);
  if (!identity.user) throw errors.unauthorized();
  const user = identity.user;

  if (ctx.faults.throttle) {
    responder.applied.push('throttle');
    throw errors.tooManyRequests(ctx.faults.throttle.retryAfterSeconds);
  }
  if (ctx.faults.errorRate && ctx.random() < ctx.faults.errorRate.probability) {
    responder.applied.push('errorRate');
    throw ctx.faults.errorRate.status === 503
      ? errors.unavailable()
      : errors.internal('simulated server error');
  }

  if (path === '/api' || path === '/apis') {
    if (method !== 'GET') throw errors.methodNotAllowed(method);
    const representation = negotiateDiscovery(req.headers.accept);
    if (!representation) throw errors.notAcceptable(req.headers.accept ?? '');
    const types = ctx.registry.all();
    if (representation.as === 'aggregated') {
      const body = aggregatedDiscovery(types, path === '/api' ? 'core' : 'groups', representation.version);
      return responder.json(200, body, aggregatedDiscoveryContentType(representation.version));
    }
    return responder.json(200, path === '/api' ? apiVersions(ctx.serverAddress()) : apiGroupList(types));
  }
  const groupMatch = /^\/apis\/([^/]+)$/.exec(path);
  if (groupMatch) {
    const group = apiGroupList(ctx.registry.all()).groups.find((g) => g.name === groupMatch[1]);
    if (!group) throw errors.pathNotFound();
    return responder.json(200, { kind: 'APIGroup', apiVersion: 'v1', ...group });
  }

  const info = parseRequestInfo(method, url, ctx.registry);
  if (info.kind === 'group-version') {
    const list = apiResourceList(ctx.registry.all(), info.group, info.version);
    if (!list) throw errors.pathNotFound();
    return responder.json(200, list);
  }
  if (info.kind !== 'resource') throw errors.pathNotFound();

  const { type, namespace, name, subresource } = info;
  if (isReviewResource(type)) {
    if (info.verb !== 'create') throw errors.methodNotAllowed(info.verb);
    requireJsonBody(req);
    const body = parseObjectBody(await readBody(req, ctx.settings.maxRequestBodyBytes), 'json');
    const review =
      type.plural === 'selfsubjectaccessreviews' ? accessReview(user, body) : rulesReview(user, body);
    return responder.json(201, review);
  }
  if (!type.verbs.includes(info.verb) && subresource === undefined) throw errors.methodNotAllowed(info.verb);

  const attributes: ResourceAttributes = {
    verb: info.verb,
    group: type.group,
    resource: type.plural,
    ...(subresource !== undefined ? { subresource } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
  };
  if (!isAllowed(user.allow, user.deny, attributes)) {
    throw errors.forbidden(forbiddenMessage(user.name, attributes), {
      ...(name !== undefined ? { name } : {}),
      group: type.group,
      kind: type.plural,
    });
  }
  if (subresource !== undefined) {
    return handleSubresource(
      ctx,
      { verb: info.verb, type, namespace, name: name as string, subresource },
      req,
      url,
      responder,
    );
  }
  return handleResource(ctx, { verb: info.verb, type, namespace, name }, req, url, responder);
}

function servePublic(ctx: ServerContext, path: string, url: URL, responder: Responder): Promise<void> {
  if (path === '/version') return responder.json(200, ctx.version);
  const endpoint = path.split('/')[1] as 'healthz' | 'livez' | 'readyz';
  const failing = endpoint === 'readyz' && readyzFailing(ctx.faults, Date.now());
  if (failing) responder.applied.push('flapReadyz');
  const verbose = url.searchParams.has('verbose');
  const { status, text } = healthBody(endpoint, verbose, failing);
  return responder.text(status, text);
}

export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return errors.internal(error instanceof Error ? error.message : String(error));
}
