import type { FleetSnapshot } from '../cluster-manager';
import type { ClusterSnapshot } from '../cluster-state';
import type { SerializedFlotillaError } from '../errors';
import type { ClusterQueryStatus } from '../fleet-store/query';
import type { FleetStoreItem } from '../fleet-store/types';
import type { DrainJobFilter } from '../maintenance/drain-job-store';
import type { ComparisonQuery, PermissionQuery, PodLogQuery, ResourceQuery } from './fleet-client';

// The wire format between `createFleetServer` (Node) and `connectFleet` (browser): JSON text
// frames over one WebSocket. Isomorphic; both sides import it.

/** Bumped on any change a peer of the previous version would misread. */
export const BRIDGE_PROTOCOL_VERSION = 1;

/** The WebSocket subprotocol a client offers and the server selects. */
export const BRIDGE_SUBPROTOCOL = `flotilla.bridge.v${BRIDGE_PROTOCOL_VERSION}`;

/**
 * The second subprotocol a client offers carries the bridge token, base64url-encoded (browsers
 * cannot set an `Authorization` header on a WebSocket; this is how the Kubernetes API server takes
 * bearer tokens from browsers too). The server never echoes it.
 */
export const BRIDGE_TOKEN_PROTOCOL_PREFIX = 'flotilla.token.';

/** Close codes (private range 4000–4999) with which the server ends a connection. */
export const BridgeCloseCode = {
  /** Missing or wrong token: the client does not reconnect. */
  unauthorized: 4401,
  /** The page's Origin is not in `allowedOrigins`: the client does not reconnect. */
  originNotAllowed: 4403,
  /** The client speaks another protocol version: the client does not reconnect. */
  unsupportedProtocol: 4426,
  /** The server is shutting down (standard "going away"): the client reconnects. */
  goingAway: 1001,
} as const;

/** Close codes after which reconnecting cannot help, with the reason the link shows. */
export const FATAL_CLOSE_REASONS: Readonly<Record<number, string>> = {
  [BridgeCloseCode.unauthorized]: 'unauthorized',
  [BridgeCloseCode.originNotAllowed]: 'origin not allowed',
  [BridgeCloseCode.unsupportedProtocol]: 'unsupported protocol version',
};

/** Encodes a token for the token subprotocol (UTF-8, base64url, no padding). */
export function encodeBridgeToken(token: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(token)) binary += String.fromCharCode(byte);
  return (
    BRIDGE_TOKEN_PROTOCOL_PREFIX + btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
  );
}

/** The methods a client may call; nothing else is callable through the bridge. */
export const BRIDGE_METHODS = [
  'setActive',
  'connect',
  'disconnect',
  'retryAuth',
  'export',
  'actions.cordon',
  'actions.uncordon',
  'actions.drain',
  'actions.cancelDrain',
  'actions.scale',
  'actions.restart',
  'actions.delete',
] as const;

/** One of {@link BRIDGE_METHODS}. */
export type BridgeMethod = (typeof BRIDGE_METHODS)[number];

/** What a subscription shows; mirrors the view factories of `FleetClient`. */
export type ViewSpec =
  | { type: 'resources'; query: ResourceQuery }
  | { type: 'comparison'; query: ComparisonQuery }
  | { type: 'permissions'; query: PermissionQuery }
  | { type: 'drainJobs'; filter?: DrainJobFilter }
  | { type: 'podLogs'; clusterId: string; query: PodLogQuery };

/** The kinds of view a client can open. */
export type ViewType = ViewSpec['type'];

/** Identity of an item inside a resource view: clusterId, kind key, namespace (`''` if none), name. */
export type ItemKey = readonly [clusterId: string, kind: string, namespace: string, name: string];

/** The key of an item of a resource view. */
export function itemKeyOf(item: FleetStoreItem): ItemKey {
  return [item.clusterId, item.kind, item.object.metadata.namespace ?? '', item.object.metadata.name];
}

/** One string per key, for maps; NUL cannot occur in any of the four parts. */
export const itemKeyString = (key: ItemKey): string => key.join('\u0000');

/**
 * A change of a resource view relative to the last one sent on this subscription. Items keep
 * their order: an update replaces an item in place, and each insert group follows the surviving
 * item named by `after` (null: the front). A change that moves items is sent as a full snapshot.
 */
export interface ResourcesDelta {
  readonly removes: readonly ItemKey[];
  readonly updates: readonly FleetStoreItem[];
  readonly inserts: ReadonlyArray<{
    readonly after: ItemKey | null;
    readonly items: readonly FleetStoreItem[];
  }>;
  readonly clusters: readonly ClusterQueryStatus[];
  readonly partial: boolean;
  readonly loaded: boolean;
}

/**
 * The change of the fleet since the last `fleet`/`hello` message: changed or added clusters,
 * removed ids, and the full id order only when membership or order changed.
 */
export interface FleetDelta {
  readonly clusters: readonly ClusterSnapshot[];
  readonly removed: readonly string[];
  readonly order?: readonly string[];
  readonly activeClusterId: string | null;
}

/** What the server sends; one JSON text frame each. */
export type ServerMessage =
  | { type: 'hello'; protocol: number; fleet: FleetSnapshot }
  | ({ type: 'fleet' } & FleetDelta)
  | { type: 'event'; name: string; payload: unknown }
  | { type: 'view'; id: string; snapshot: unknown }
  | { type: 'view'; id: string; delta: ResourcesDelta }
  | { type: 'view:error'; id: string; error: SerializedFlotillaError }
  | { type: 'result'; id: string; value: unknown }
  /** `id` null: the client sent something the server could not read as a request. */
  | { type: 'error'; id: string | null; error: SerializedFlotillaError }
  /** The client was too slow: this many events were dropped; state messages that follow are current. */
  | { type: 'dropped'; events: number };

/** What a client sends; one JSON text frame each. */
export type ClientMessage =
  | { type: 'request'; id: string; method: BridgeMethod; args: unknown[] }
  | { type: 'view:open'; id: string; view: ViewSpec }
  | { type: 'view:close'; id: string };
