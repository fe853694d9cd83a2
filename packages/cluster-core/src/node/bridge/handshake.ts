import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  BRIDGE_SUBPROTOCOL,
  BRIDGE_TOKEN_PROTOCOL_PREFIX,
  BridgeCloseCode,
} from '../../client/bridge-protocol';

/** Shorter tokens are refused at start-up: the token is the only thing between a page and the fleet. */
export const MIN_TOKEN_LENGTH = 16;

export interface HandshakePolicy {
  tokenDigest: Buffer;
  /** Normalized origins (`scheme://host[:port]`). */
  allowedOrigins: ReadonlySet<string> | ((origin: string) => boolean);
  allowMissingOrigin: boolean;
}

export type HandshakeVerdict =
  { ok: true; origin: string | null } | { ok: false; code: number; reason: string };

/** A fresh random bridge token (256 bits, base64url), e.g. for a console started on this machine. */
export function createBridgeToken(): string {
  return randomBytes(32).toString('base64url');
}

const digest = (value: string | Buffer) => createHash('sha256').update(value).digest();

export const tokenDigest = (token: string): Buffer => digest(token);

/** The subprotocols a client offered, in order. */
export function offeredProtocols(request: IncomingMessage): string[] {
  const header = request.headers['sec-websocket-protocol'];
  return (header ?? '')
    .split(',')
    .map((protocol) => protocol.trim())
    .filter((protocol) => protocol !== '');
}

function decodeToken(protocols: readonly string[]): Buffer | null {
  const offered = protocols.find((protocol) => protocol.startsWith(BRIDGE_TOKEN_PROTOCOL_PREFIX));
  if (!offered) return null;
  const encoded = offered.slice(BRIDGE_TOKEN_PROTOCOL_PREFIX.length);
  return /^[A-Za-z0-9_-]+$/.test(encoded) ? Buffer.from(encoded, 'base64url') : null;
}

/** `scheme://host[:port]` as browsers send it, or null for anything that is not an origin. */
export function normalizeOrigin(origin: string): string | null {
  try {
    const url = new URL(origin);
    return url.origin === 'null' ? null : url.origin;
  } catch {
    return null;
  }
}

/**
 * Decides whether an upgrade may become a bridge connection. The Origin is checked first, then the
 * token, compared as SHA-256 digests with `timingSafeEqual`, so neither its content nor its length leaks through timing.
 * Browsers always send `Origin` on a WebSocket; a request without one comes from another kind of
 * client and is let in on the token alone unless `allowMissingOrigin` is false.
 */
export function checkHandshake(request: IncomingMessage, policy: HandshakePolicy): HandshakeVerdict {
  const protocols = offeredProtocols(request);
  if (!protocols.includes(BRIDGE_SUBPROTOCOL))
    return { ok: false, code: BridgeCloseCode.unsupportedProtocol, reason: 'unsupported protocol version' };
  // Origin first: a page from a foreign origin learns nothing about the token, not even whether
  // a guess was right.
  const raw = request.headers.origin;
  let origin: string | null = null;
  if (raw === undefined) {
    if (!policy.allowMissingOrigin)
      return { ok: false, code: BridgeCloseCode.originNotAllowed, reason: 'origin required' };
  } else {
    origin = normalizeOrigin(raw);
    const allowed =
      origin !== null &&
      (typeof policy.allowedOrigins === 'function'
        ? policy.allowedOrigins(origin)
        : policy.allowedOrigins.has(origin));
    if (!allowed) return { ok: false, code: BridgeCloseCode.originNotAllowed, reason: 'origin not allowed' };
  }
  const token = decodeToken(protocols);
  if (!token || !timingSafeEqual(digest(token), policy.tokenDigest))
    return { ok: false, code: BridgeCloseCode.unauthorized, reason: 'unauthorized' };
  return { ok: true, origin };
}
