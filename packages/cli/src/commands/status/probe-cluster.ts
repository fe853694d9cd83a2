import {
  FlotillaError,
  listAll,
  type ClusterSession,
  type ResolvedResource,
  type SerializedFlotillaError,
} from '@flotilla/cluster-core';
import type { ClusterStatus, StatusAuth, StatusConnection, StatusHealth } from './cluster-status';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: FlotillaError };

const NODES: ResolvedResource = {
  group: '',
  version: 'v1',
  resource: 'nodes',
  kind: 'Node',
  namespaced: false,
};
const HEALTH_PATHS = ['/readyz', '/livez', '/healthz'] as const;
const CLUSTER_VERSION = '/apis/config.openshift.io/v1/clusterversions/version';

interface NodeObject {
  status?: { conditions?: Array<{ type?: string; status?: string }> };
}

interface ClusterVersionBody {
  status?: { desired?: { version?: string }; history?: Array<{ state?: string; version?: string }> };
}

/**
 * Probes one cluster within `budgetMs`: health (/readyz, falling back like the heartbeat), version,
 * nodes (which also proves the credentials) and platform. At the deadline whatever has not answered
 * is a `timeout`; what did answer is kept, so a cluster whose node list hangs still shows its version
 * and health.
 */
export async function probeCluster(
  session: ClusterSession,
  signal: AbortSignal,
  budgetMs: number,
): Promise<ClusterStatus> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), budgetMs);
  const onAbort = () => deadline.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  const request = <T>(path: string, extra: { responseType?: 'text' } = {}) =>
    session.request<T>({ path, signal: deadline.signal, timeoutMs: budgetMs, source: 'status', ...extra });
  try {
    // One request after the other over the one connection the health probe opened: four requests
    // racing would open up to four connections per cluster, and their TLS handshakes (ours and the
    // server's) cost a large fleet more than the round trips saved.
    const health = await settle(probeHealth(request));
    const version = await settle(request<{ gitVersion?: string }>('/version'));
    const nodes = await settle(listAll<NodeObject>(session, NODES, {}, deadline.signal));
    const platform = await settle(request<ClusterVersionBody>(CLUSTER_VERSION));
    const timedOut = deadline.signal.aborted;
    const outcomes = [health, version, nodes, platform].map((o) =>
      o.ok ? o : asTimeout(o, session, timedOut, budgetMs),
    );
    const [h, v, n, p] = outcomes as [typeof health, typeof version, typeof nodes, typeof platform];
    const connection = connectionOf(outcomes);
    const auth = authOf(n, outcomes);
    const healthState = healthOf(h);
    const platformInfo = platformOf(p);
    return {
      clusterId: session.clusterId,
      clusterName: session.clusterName,
      server: session.getSnapshot().metadata.server,
      connection,
      auth,
      health: healthState,
      version: v.ok ? (v.value.body.gitVersion ?? null) : null,
      ...platformInfo,
      nodes: n.ok ? countReady(n.value) : null,
      latencyMs: h.ok ? h.value : null,
      ok: connection === 'connected' && auth === 'valid' && healthState === 'healthy',
      errors: distinctErrors([n, h, v, p].filter((o) => !(o === p && isNotFound(o)))),
    };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}

type Request = <T>(
  path: string,
  extra?: { responseType?: 'text' },
) => Promise<{ status: number; body: T; durationMs: number }>;

/** The round trip of the first health endpoint the server has (404 moves on, like the heartbeat). */
async function probeHealth(request: Request): Promise<number> {
  let notFound: unknown;
  for (const path of HEALTH_PATHS) {
    try {
      return (await request<string>(path, { responseType: 'text' })).durationMs;
    } catch (error) {
      if (!(error instanceof FlotillaError) || error.kind !== 'not-found') throw error;
      notFound = error;
    }
  }
  throw notFound;
}

async function settle<T>(promise: Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    if (error instanceof FlotillaError) return { ok: false, error };
    throw error;
  }
}

/** Requests our own deadline cut short are `cancelled` underneath; for the user they timed out. */
function asTimeout<T>(
  outcome: Outcome<T> & { ok: false },
  session: ClusterSession,
  timedOut: boolean,
  budgetMs: number,
): Outcome<T> {
  if (!timedOut || outcome.error.kind !== 'cancelled') return outcome;
  return {
    ok: false,
    error: new FlotillaError({
      kind: 'timeout',
      clusterId: session.clusterId,
      clusterName: session.clusterName,
      message: `no answer within ${budgetMs} ms`,
    }),
  };
}

const answered = (outcome: Outcome<unknown>): boolean => outcome.ok || outcome.error.status !== undefined;

function connectionOf(outcomes: ReadonlyArray<Outcome<unknown>>): StatusConnection {
  if (outcomes.some(answered)) return 'connected';
  const failure = outcomes.find((o): o is Outcome<unknown> & { ok: false } => !o.ok);
  switch (failure?.error.kind) {
    case 'timeout':
      return 'timeout';
    case 'tls':
      return 'tls-error';
    case 'transport':
      return 'unreachable';
    default:
      return 'error';
  }
}

/** Listing nodes needs accepted credentials; a 403 still proves who we are. */
function authOf(nodes: Outcome<unknown>, outcomes: ReadonlyArray<Outcome<unknown>>): StatusAuth {
  if (nodes.ok || nodes.error.kind === 'authz') return 'valid';
  const failures = outcomes.flatMap((o) => (o.ok ? [] : [o.error.kind]));
  if (failures.includes('auth') || failures.includes('exec-plugin')) return 'invalid';
  return 'unknown';
}

function healthOf(health: Outcome<number>): StatusHealth {
  if (health.ok) return 'healthy';
  // Refused credentials say nothing about health; anything else failing the probe is degraded.
  const kind = health.error.kind;
  if (kind === 'auth' || kind === 'authz' || kind === 'exec-plugin' || kind === 'config') return 'unknown';
  return 'degraded';
}

function platformOf(
  outcome: Outcome<{ body: ClusterVersionBody }>,
): Pick<ClusterStatus, 'platform' | 'openshiftVersion'> {
  if (outcome.ok) {
    const status = outcome.value.body.status;
    const completed = status?.history?.find((h) => h.state === 'Completed')?.version;
    return { platform: 'openshift', openshiftVersion: status?.desired?.version ?? completed ?? null };
  }
  return { platform: isNotFound(outcome) ? 'kubernetes' : 'unknown', openshiftVersion: null };
}

const isNotFound = (outcome: Outcome<unknown>): boolean => !outcome.ok && outcome.error.kind === 'not-found';

function countReady(nodes: readonly NodeObject[]): { ready: number; total: number } {
  const ready = nodes.filter((node) =>
    node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
  ).length;
  return { ready, total: nodes.length };
}

function distinctErrors(outcomes: ReadonlyArray<Outcome<unknown>>): SerializedFlotillaError[] {
  const seen = new Set<string>();
  const errors: SerializedFlotillaError[] = [];
  for (const outcome of outcomes) {
    if (outcome.ok) continue;
    const key = `${outcome.error.kind}:${outcome.error.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push(outcome.error.toJSON());
  }
  return errors;
}
