import { Buffer } from 'node:buffer';
import type { IncomingHttpHeaders } from 'node:http';
import type { TransportRequest } from '../transport-types';

/** Where a request goes, split the way `http(s).request` wants it. */
export interface RequestTarget {
  https: boolean;
  hostname: string;
  port: number;
  /** Path with the server's own path prefix (e.g. Rancher's `/k8s/clusters/c-xyz`) and the query. */
  path: string;
}

/** A server URL parsed once per transport: where its requests go, and its path prefix. */
export interface ServerTarget {
  https: boolean;
  hostname: string;
  port: number;
  /** The server's own path prefix without a trailing slash (often empty). */
  prefix: string;
}

export function serverTarget(server: string): ServerTarget {
  const url = new URL(server);
  const https = url.protocol === 'https:';
  return {
    https,
    // URL keeps IPv6 literals bracketed; the socket layer wants them bare.
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : https ? 443 : 80,
    prefix: url.pathname.replace(/\/+$/, ''),
  };
}

export function requestTarget(
  server: ServerTarget,
  request: Pick<TransportRequest, 'path' | 'query'>,
): RequestTarget {
  const path = request.path.startsWith('/') ? request.path : `/${request.path}`;
  let query = '';
  if (request.query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(request.query)) {
      if (value !== undefined) params.append(key, String(value));
    }
    query = params.toString();
  }
  return {
    https: server.https,
    hostname: server.hostname,
    port: server.port,
    path: `${server.prefix}${path}${query ? `${path.includes('?') ? '&' : '?'}${query}` : ''}`,
  };
}

/** Headers of one request: content negotiation, the body's type and length, then the credentials. */
export function requestHeaders(
  request: Pick<TransportRequest, 'accept' | 'contentType'>,
  body: Buffer | undefined,
  userAgent: string,
  credentialHeaders: Record<string, string> | undefined,
): Record<string, string> {
  return {
    Accept: request.accept ?? 'application/json',
    'User-Agent': userAgent,
    ...(body
      ? { 'Content-Type': request.contentType ?? 'application/json', 'Content-Length': String(body.length) }
      : {}),
    ...credentialHeaders,
  };
}

/** Strings go as they are, bytes as bytes, anything else as JSON. */
export function serializeBody(body: unknown): Buffer | undefined {
  if (body === undefined) return undefined;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  return Buffer.from(JSON.stringify(body));
}

export function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
