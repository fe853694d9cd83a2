import { FlotillaError, kindForStatus, type KubeStatus } from '../errors';
import type { KubeObject } from './kube-object';

/** A change the cache applies. */
export interface ObjectEvent<T extends KubeObject = KubeObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: T;
}

/** One line of a watch, checked for the shape the reflector relies on. */
export type WatchEvent<T extends KubeObject = KubeObject> =
  ObjectEvent<T> | { type: 'BOOKMARK'; resourceVersion: string } | { type: 'ERROR'; status: KubeStatus };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses one NDJSON watch line; null when it is not a well-formed watch event. */
export function parseWatchEvent<T extends KubeObject>(line: string): WatchEvent<T> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return null;
  }
  if (!isRecord(parsed) || !isRecord(parsed['object'])) return null;
  const object = parsed['object'];
  const metadata = object['metadata'];
  switch (parsed['type']) {
    case 'ERROR':
      return { type: 'ERROR', status: object as KubeStatus };
    case 'BOOKMARK':
      if (!isRecord(metadata) || typeof metadata['resourceVersion'] !== 'string') return null;
      return { type: 'BOOKMARK', resourceVersion: metadata['resourceVersion'] };
    case 'ADDED':
    case 'MODIFIED':
    case 'DELETED':
      if (!isRecord(metadata) || typeof metadata['name'] !== 'string') return null;
      return { type: parsed['type'], object: object as T };
    default:
      return null;
  }
}

/** A 410: the resourceVersion (or continue token) was compacted away; only a fresh list helps. */
export function isResourceExpired(error: FlotillaError): boolean {
  const body = error.statusBody;
  return error.status === 410 || body?.code === 410 || body?.reason === 'Expired' || body?.reason === 'Gone';
}

/** The FlotillaError a watch `ERROR` event stands for. */
export function watchStatusError(
  status: KubeStatus,
  ref: { clusterId: string; clusterName?: string | undefined },
  what: string,
): FlotillaError {
  const code = typeof status.code === 'number' ? status.code : 500;
  const reason = status.reason ? ` ${status.reason}` : '';
  const detail = status.message ? `: ${status.message}` : '';
  return new FlotillaError({
    kind: kindForStatus(code),
    clusterId: ref.clusterId,
    ...(ref.clusterName !== undefined ? { clusterName: ref.clusterName } : {}),
    message: `watch ${what}: ${code}${reason}${detail}`,
    status: code,
    statusBody: status,
  });
}
