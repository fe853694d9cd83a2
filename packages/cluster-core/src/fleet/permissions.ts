import { systemClock, type Clock } from '../clock';
import type { ClusterManager } from '../cluster-manager';
import type { ClusterSession } from '../cluster-session';
import { FlotillaError } from '../errors';
import type { FleetDiscovery } from './discovery';
import { fanOut } from './fan-out';
import type { FleetCallOptions, FleetEntry, FleetResult } from './fleet-result';
import { waitFor } from './wait-for';

/** A resource as authorization sees it; a string (`pods`, `deploy`, `pods/log`) is resolved per cluster. */
export interface AccessResource {
  group: string;
  resource: string;
  subresource?: string;
}

export interface AccessQuery {
  namespace?: string;
  name?: string;
  signal?: AbortSignal;
}

/** A SelfSubjectRulesReview status. */
export interface RulesReviewStatus {
  resourceRules: Array<{
    verbs: string[];
    apiGroups?: string[];
    resources?: string[];
    resourceNames?: string[];
  }>;
  nonResourceRules: Array<{ verbs: string[]; nonResourceURLs?: string[] }>;
  incomplete: boolean;
  evaluationError?: string;
}

export interface PermissionsOptions {
  /** How long an answer is trusted, per cluster. Default 60 s. */
  ttlMs?: number;
  clock?: Clock;
}

interface CachedAnswer {
  allowed: Promise<boolean>;
  expiresAt: number;
}

const REVIEWS = '/apis/authorization.k8s.io/v1';
const REVIEW_TIMEOUT_MS = 10_000;

/**
 * What the current user may do, asked of each cluster on its own (SelfSubjectAccessReview and
 * SelfSubjectRulesReview). An action allowed in A and forbidden in B is offered in A only; no
 * cluster's answer stands for another's.
 */
export class FleetPermissions {
  private readonly answers = new WeakMap<ClusterSession, Map<string, CachedAnswer>>();
  private readonly clock: Clock;
  private readonly ttlMs: number;

  constructor(
    private readonly manager: ClusterManager,
    private readonly discovery: FleetDiscovery,
    options: PermissionsOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.ttlMs = options.ttlMs ?? 60_000;
  }

  /** Whether `verb` on `resource` is allowed in this cluster; its failures are thrown, typed. */
  async can(
    clusterId: string,
    verb: string,
    resource: string | AccessResource,
    query: AccessQuery = {},
  ): Promise<boolean> {
    return this.canIn(this.manager.require(clusterId), verb, resource, query);
  }

  /** The rules the current user has in `namespace` of this cluster. */
  async rules(clusterId: string, namespace: string, signal?: AbortSignal): Promise<RulesReviewStatus> {
    const session = this.manager.require(clusterId);
    const response = await session.request<{ status?: Partial<RulesReviewStatus> }>({
      method: 'POST',
      path: `${REVIEWS}/selfsubjectrulesreviews`,
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace } },
      idempotent: true,
      source: 'permissions',
      ...(signal ? { signal } : {}),
    });
    const status = response.body.status ?? {};
    return {
      resourceRules: status.resourceRules ?? [],
      nonResourceRules: status.nonResourceRules ?? [],
      incomplete: status.incomplete ?? false,
      ...(status.evaluationError ? { evaluationError: status.evaluationError } : {}),
    };
  }

  /** Asks every targeted cluster; one entry per cluster (a failed review is an error, not a "no"). */
  check(
    verb: string,
    resource: string | AccessResource,
    query: Omit<AccessQuery, 'signal'> = {},
    options: FleetCallOptions<FleetEntry<boolean>> = {},
  ): Promise<FleetResult<boolean>> {
    const { targets = 'all', ...run } = options;
    return fanOut(
      this.manager,
      targets,
      (session, signal) => this.canIn(session, verb, resource, { ...query, signal }),
      { ...run, clock: this.clock },
    );
  }

  /** The clusters where the action is allowed; a cluster that could not answer is not among them. */
  async where(
    verb: string,
    resource: string | AccessResource,
    query: Omit<AccessQuery, 'signal'> = {},
    options: FleetCallOptions<FleetEntry<boolean>> = {},
  ): Promise<string[]> {
    const result = await this.check(verb, resource, query, options);
    return result.entries.filter((e) => e.status === 'ok' && e.value).map((e) => e.clusterId);
  }

  /** Forgets cached answers of one cluster (e.g. after its RBAC changed), or of all. */
  invalidate(clusterId?: string): void {
    const sessions = clusterId === undefined ? this.manager.list() : [this.manager.get(clusterId)];
    for (const session of sessions) if (session) this.answers.delete(session);
  }

  private async canIn(
    session: ClusterSession,
    verb: string,
    resource: string | AccessResource,
    query: AccessQuery,
  ): Promise<boolean> {
    const target = await this.accessResource(session, resource, query.signal);
    const key = JSON.stringify([
      verb,
      target.group,
      target.resource,
      target.subresource,
      query.namespace,
      query.name,
    ]);
    let cache = this.answers.get(session);
    if (!cache) this.answers.set(session, (cache = new Map()));
    const now = this.clock.now();
    const hit = cache.get(key);
    if (hit && hit.expiresAt > now) return waitFor(hit.allowed, query.signal, session);
    const allowed = this.review(session, verb, target, query);
    const entry = { allowed, expiresAt: now + this.ttlMs };
    cache.set(key, entry);
    // Failures are not answers: the next question asks the cluster again.
    allowed.catch(() => {
      if (cache.get(key) === entry) cache.delete(key);
    });
    return waitFor(allowed, query.signal, session);
  }

  private async accessResource(
    session: ClusterSession,
    resource: string | AccessResource,
    signal: AbortSignal | undefined,
  ): Promise<AccessResource> {
    if (typeof resource !== 'string') return resource;
    const [name = '', subresource] = resource.split('/');
    const resolved = await this.discovery.of(session).resolve(name, signal);
    return { group: resolved.group, resource: resolved.resource, ...(subresource ? { subresource } : {}) };
  }

  private async review(
    session: ClusterSession,
    verb: string,
    target: AccessResource,
    query: AccessQuery,
  ): Promise<boolean> {
    const response = await session.request<{ status?: { allowed?: unknown } }>({
      method: 'POST',
      path: `${REVIEWS}/selfsubjectaccessreviews`,
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: {
            verb,
            group: target.group,
            resource: target.resource,
            ...(target.subresource ? { subresource: target.subresource } : {}),
            ...(query.namespace !== undefined ? { namespace: query.namespace } : {}),
            ...(query.name !== undefined ? { name: query.name } : {}),
          },
        },
      },
      // A review reads; sending it twice changes nothing.
      idempotent: true,
      // Shared by every caller asking the same question, so one caller's abort must not end it.
      timeoutMs: REVIEW_TIMEOUT_MS,
      source: 'permissions',
    });
    const allowed = response.body?.status?.allowed;
    if (typeof allowed !== 'boolean') {
      throw new FlotillaError({
        clusterId: session.clusterId,
        clusterName: session.clusterName,
        kind: 'malformed-response',
        retryable: false,
        message: 'SelfSubjectAccessReview answer has no status.allowed',
      });
    }
    return allowed;
  }
}
