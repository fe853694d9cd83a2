import { systemClock, type Clock } from '../clock';
import type { ClusterManager } from '../cluster-manager';
import type { ClusterSession } from '../cluster-session';
import { FlotillaError } from '../errors';
import type { ApiResource, ResolvedResource } from './api-resource';
import {
  DISCOVERY_ACCEPT,
  coreVersions,
  fromAggregated,
  fromResourceList,
  isAggregated,
  preferredGroupVersions,
} from './discovery-documents';
import { fanOut } from './fan-out';
import type { FleetCallOptions, FleetEntry, FleetResult } from './fleet-result';
import { findKind, findResource } from './resolve-resource';
import { waitFor } from './wait-for';

export interface DiscoveryOptions {
  /** How long one cluster's discovery is trusted. Default 5 min. */
  ttlMs?: number;
  /** Deadline of each discovery request. Default 10 s. */
  requestTimeoutMs?: number;
  /**
   * A name that is not found re-reads discovery (a CRD may just have been created), at most this
   * often per cluster so a typo cannot hammer the server. Default 5 s.
   */
  missRefreshMs?: number;
  clock?: Clock;
}

/** What one cluster serves, as read at `fetchedAt`. */
export interface DiscoveredResources {
  resources: readonly ApiResource[];
  source: 'aggregated' | 'legacy';
  fetchedAt: number;
  /** Legacy group versions that could not be read (e.g. an unavailable aggregated API server). */
  failedGroupVersions: readonly string[];
}

/** Discovery is trusted for 5 min; a name it lacks re-reads it at most every 5 s; 10 s per request. */
export const DEFAULT_DISCOVERY = {
  ttlMs: 5 * 60_000,
  requestTimeoutMs: 10_000,
  missRefreshMs: 5_000,
} as const;

/**
 * Discovery of one cluster: aggregated discovery (v2, then v2beta1) when the server offers it, the
 * legacy documents otherwise, cached with a TTL, one read in flight at a time.
 */
export class ClusterDiscovery {
  private cached: DiscoveredResources | null = null;
  private inflight: Promise<DiscoveredResources> | null = null;
  private readonly clock: Clock;
  private readonly settings: Required<Omit<DiscoveryOptions, 'clock'>>;

  constructor(
    private readonly session: ClusterSession,
    options: DiscoveryOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.settings = {
      ttlMs: options.ttlMs ?? DEFAULT_DISCOVERY.ttlMs,
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_DISCOVERY.requestTimeoutMs,
      missRefreshMs: options.missRefreshMs ?? DEFAULT_DISCOVERY.missRefreshMs,
    };
  }

  /** Cached resources while fresh, otherwise a new read. */
  async resources(signal?: AbortSignal): Promise<DiscoveredResources> {
    const cached = this.cached;
    if (cached && this.clock.now() - cached.fetchedAt < this.settings.ttlMs) return cached;
    return waitFor(this.refresh(), signal, this.session);
  }

  /** Resolves a user-facing name; a name this cluster does not serve is a `not-found` error for it. */
  async resolve(query: string, signal?: AbortSignal): Promise<ResolvedResource> {
    let found = findResource((await this.resources(signal)).resources, query);
    if (!found && this.mayRefreshAfterMiss())
      found = findResource((await waitFor(this.refresh(), signal, this.session)).resources, query);
    if (!found) throw this.notFound(`the server doesn't have a resource type "${query}"`);
    return resolved(found);
  }

  /** Resolves a manifest's `apiVersion` and `kind`. */
  async resolveKind(apiVersion: string, kind: string, signal?: AbortSignal): Promise<ResolvedResource> {
    const lookup = (d: DiscoveredResources) =>
      findKind(d.resources, apiVersion, kind, d.source === 'aggregated');
    let found = lookup(await this.resources(signal));
    if (!found && this.mayRefreshAfterMiss())
      found = lookup(await waitFor(this.refresh(), signal, this.session));
    if (!found) throw this.notFound(`no matches for kind "${kind}" in version "${apiVersion}"`);
    return resolved(found);
  }

  /** Forgets the cached resources; the next call reads discovery again. */
  invalidate(): void {
    this.cached = null;
  }

  /** Reads discovery now (joining a read already in flight). */
  refresh(): Promise<DiscoveredResources> {
    if (!this.inflight) {
      this.inflight = this.read()
        .then((discovered) => {
          this.cached = discovered;
          return discovered;
        })
        .finally(() => {
          this.inflight = null;
        });
    }
    return this.inflight;
  }

  private mayRefreshAfterMiss(): boolean {
    const cached = this.cached;
    return !cached || this.clock.now() - cached.fetchedAt >= this.settings.missRefreshMs;
  }

  private async read(): Promise<DiscoveredResources> {
    const [core, groups] = await Promise.all([
      this.get('/api', DISCOVERY_ACCEPT),
      this.get('/apis', DISCOVERY_ACCEPT),
    ]);
    const failed: string[] = [];
    const aggregated = isAggregated(core) && isAggregated(groups);
    const legacy = [
      ...(isAggregated(core) ? [] : coreVersions(core).map((version) => ({ group: '', version }))),
      ...(isAggregated(groups) ? [] : preferredGroupVersions(groups)),
    ];
    const lists = await Promise.all(
      legacy.map(async ({ group, version }) => {
        const path = group ? `/apis/${group}/${version}` : `/api/${version}`;
        try {
          return fromResourceList(await this.get(path), group, version);
        } catch (error) {
          // One broken aggregated API (metrics.k8s.io is the usual one) must not hide the other kinds.
          if (!group) throw error;
          failed.push(`${group}/${version}`);
          return [];
        }
      }),
    );
    const resources = [
      ...(isAggregated(core) ? fromAggregated(core) : []),
      ...lists.flat(),
      ...(isAggregated(groups) ? fromAggregated(groups) : []),
    ];
    return {
      resources,
      source: aggregated ? 'aggregated' : 'legacy',
      fetchedAt: this.clock.now(),
      failedGroupVersions: failed,
    };
  }

  private async get(path: string, accept?: string): Promise<unknown> {
    const response = await this.session.request({
      path,
      ...(accept ? { accept } : {}),
      timeoutMs: this.settings.requestTimeoutMs,
      source: 'discovery',
    });
    return response.body;
  }

  private notFound(message: string): FlotillaError {
    return new FlotillaError({
      clusterId: this.session.clusterId,
      clusterName: this.session.clusterName,
      kind: 'not-found',
      retryable: false,
      message,
    });
  }
}

function resolved(resource: ApiResource): ResolvedResource {
  const { group, version, resource: name, kind, namespaced } = resource;
  return { group, version, resource: name, kind, namespaced };
}

/**
 * Discovery of every cluster, each cached on its own. Keyed by session object, so a removed or
 * replaced cluster's cache goes with its session and a new session starts fresh.
 */
export class FleetDiscovery {
  private readonly byCluster = new WeakMap<ClusterSession, ClusterDiscovery>();

  constructor(
    private readonly manager: ClusterManager,
    private readonly options: DiscoveryOptions = {},
  ) {}

  /** This cluster's discovery; an unknown id is an `unknown-cluster` error. */
  for(clusterId: string): ClusterDiscovery {
    return this.of(this.manager.require(clusterId));
  }

  of(session: ClusterSession): ClusterDiscovery {
    let discovery = this.byCluster.get(session);
    if (!discovery) {
      discovery = new ClusterDiscovery(session, this.options);
      this.byCluster.set(session, discovery);
    }
    return discovery;
  }

  resolve(clusterId: string, query: string, signal?: AbortSignal): Promise<ResolvedResource> {
    return this.for(clusterId).resolve(query, signal);
  }

  /** Resolves a name in every targeted cluster: where it is missing is that cluster's entry only. */
  resolveAll(
    query: string,
    options: FleetCallOptions<FleetEntry<ResolvedResource>> = {},
  ): Promise<FleetResult<ResolvedResource>> {
    const { targets = 'all', ...run } = options;
    return fanOut(this.manager, targets, (session, signal) => this.of(session).resolve(query, signal), {
      ...run,
      ...(this.options.clock ? { clock: this.options.clock } : {}),
    });
  }
}
