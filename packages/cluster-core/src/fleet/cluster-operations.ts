import { systemClock, type Clock } from '../clock';
import type { ClusterManager } from '../cluster-manager';
import type { ClusterSession, SessionRequest } from '../cluster-session';
import { FlotillaError } from '../errors';
import { resourcePath, type ResolvedResource } from './api-resource';
import type { FleetDiscovery } from './discovery';
import {
  PATCH_CONTENT_TYPES,
  type ApplyOptions,
  type CallOptions,
  type DeleteOptions,
  type KubeManifest,
  type ObjectOptions,
  type PatchType,
  type ScaleObject,
  type WriteOptions,
} from './operation-options';

/** The pod template annotation `kubectl rollout restart` sets; `restart()` sets it too. */
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';
const DISCOVERY_CHANGING = /^\/apis\/(apiextensions|apiregistration)\.k8s\.io\//;
const RESTARTABLE = new Set(['apps/deployments', 'apps/statefulsets', 'apps/daemonsets']);

/**
 * Reads and writes of one object in one named cluster. Every method takes the cluster id first
 * (BRIEF I9): there is no "current" cluster a write could land on by accident.
 */
export class ClusterOperations {
  private readonly clock: Clock;
  private readonly fieldManager: string;

  constructor(
    private readonly manager: ClusterManager,
    private readonly discovery: FleetDiscovery,
    options: { clock?: Clock; fieldManager?: string } = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.fieldManager = options.fieldManager ?? 'flotilla';
  }

  /** Reads one object of the named cluster (a 404 is a `not-found` error of that cluster). */
  async get<T = unknown>(
    clusterId: string,
    kind: string | ResolvedResource,
    name: string,
    options: ObjectOptions & CallOptions & { maxResponseBytes?: number } = {},
  ): Promise<T> {
    const { session, path } = await this.locate(clusterId, kind, name, options);
    return this.send<T>(session, { path, source: 'get', ...call(options) }, options);
  }

  /** Creates the manifest in the named cluster (`dryRun` to validate only). */
  async create<T = unknown>(
    clusterId: string,
    manifest: KubeManifest,
    options: WriteOptions & ObjectOptions = {},
  ): Promise<T> {
    const { session, resource, namespace, body } = await this.fromManifest(clusterId, manifest, options);
    return this.send<T>(session, {
      method: 'POST',
      path: resourcePath(resource, { namespace }),
      body,
      query: { dryRun: dryRun(options), fieldManager: this.fieldManager },
      source: 'create',
      ...call(options),
    });
  }

  /**
   * Server-side apply (`application/apply-patch+yaml`; JSON is YAML) with `fieldManager`. A server
   * that answers 415 to apply gets the client-side equivalent: create when the object is absent,
   * otherwise a JSON merge patch of the manifest (no field ownership, no pruning).
   */
  async apply<T = unknown>(
    clusterId: string,
    manifest: KubeManifest,
    options: ApplyOptions = {},
  ): Promise<T> {
    const target = await this.fromManifest(clusterId, manifest, options);
    const { session, resource, namespace, name, body } = target;
    const path = resourcePath(resource, { namespace, name });
    try {
      return await this.send<T>(session, {
        method: 'PATCH',
        path,
        body,
        contentType: 'application/apply-patch+yaml',
        query: {
          fieldManager: options.fieldManager ?? this.fieldManager,
          force: options.force ? true : undefined,
          dryRun: dryRun(options),
        },
        source: 'apply',
        ...call(options),
      });
    } catch (error) {
      if (!(error instanceof FlotillaError) || error.status !== 415) throw error;
    }
    try {
      await this.send(session, { path, source: 'apply', ...call(options) });
    } catch (error) {
      if (error instanceof FlotillaError && error.kind === 'not-found')
        return this.create<T>(
          clusterId,
          { ...manifest, metadata: { ...manifest.metadata, namespace } },
          options,
        );
      throw error;
    }
    return this.send<T>(session, {
      method: 'PATCH',
      path,
      body,
      contentType: PATCH_CONTENT_TYPES.merge,
      query: { dryRun: dryRun(options), fieldManager: this.fieldManager },
      source: 'apply',
      ...call(options),
    });
  }

  /** Patches one object of the named cluster: merge (default), JSON or strategic merge patch. */
  async patch<T = unknown>(
    clusterId: string,
    kind: string | ResolvedResource,
    name: string,
    patch: unknown,
    options: WriteOptions & ObjectOptions & { type?: PatchType } = {},
  ): Promise<T> {
    const { session, path } = await this.locate(clusterId, kind, name, options);
    return this.send<T>(session, {
      method: 'PATCH',
      path,
      body: patch,
      contentType: PATCH_CONTENT_TYPES[options.type ?? 'merge'],
      query: { dryRun: dryRun(options), fieldManager: this.fieldManager },
      source: 'patch',
      ...call(options),
    });
  }

  /** Deletes one object of the named cluster. */
  async delete<T = unknown>(
    clusterId: string,
    kind: string | ResolvedResource,
    name: string,
    options: DeleteOptions = {},
  ): Promise<T> {
    const { session, path } = await this.locate(clusterId, kind, name, options);
    return this.send<T>(session, {
      method: 'DELETE',
      path,
      query: {
        propagationPolicy: options.propagationPolicy,
        gracePeriodSeconds: options.gracePeriodSeconds,
        dryRun: dryRun(options),
      },
      source: 'delete',
      ...call(options),
    });
  }

  /** Sets replicas through the `scale` subresource (deployments, replicasets, statefulsets, CRs with scale). */
  async scale(
    clusterId: string,
    kind: string | ResolvedResource,
    name: string,
    replicas: number,
    options: WriteOptions & ObjectOptions = {},
  ): Promise<ScaleObject> {
    if (!(Number.isInteger(replicas) && replicas >= 0))
      throw this.invalid(clusterId, `replicas must be an integer >= 0, got ${replicas}`);
    const { session, resource, namespace } = await this.locate(clusterId, kind, name, options);
    return this.send<ScaleObject>(session, {
      method: 'PATCH',
      path: resourcePath(resource, { namespace, name, subresource: 'scale' }),
      body: { spec: { replicas } },
      contentType: PATCH_CONTENT_TYPES.merge,
      query: { dryRun: dryRun(options) },
      source: 'scale',
      ...call(options),
    });
  }

  /** `kubectl rollout restart`: stamps the pod template so the controller rolls every pod. */
  async restart<T = unknown>(
    clusterId: string,
    kind: string | ResolvedResource,
    name: string,
    options: WriteOptions & ObjectOptions = {},
  ): Promise<T> {
    const { session, resource, path } = await this.locate(clusterId, kind, name, options);
    if (!RESTARTABLE.has(`${resource.group}/${resource.resource}`))
      throw this.invalid(
        clusterId,
        `cannot restart ${resource.resource}: only deployments, statefulsets and daemonsets`,
      );
    // kubectl writes RFC 3339 without fractions.
    const restartedAt = new Date(this.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
    return this.send<T>(session, {
      method: 'PATCH',
      path,
      body: { spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: restartedAt } } } } },
      contentType: PATCH_CONTENT_TYPES.strategic,
      query: { dryRun: dryRun(options), fieldManager: this.fieldManager },
      source: 'restart',
      ...call(options),
    });
  }

  /** The resource a manifest's `apiVersion` and `kind` name in this cluster. */
  resolveManifest(
    clusterId: string,
    manifest: KubeManifest,
    signal?: AbortSignal,
  ): Promise<ResolvedResource> {
    return this.fromManifest(clusterId, manifest, { ...(signal ? { signal } : {}) }, false).then(
      (t) => t.resource,
    );
  }

  private async locate(
    clusterId: string,
    kind: string | ResolvedResource,
    name: string,
    options: ObjectOptions & CallOptions,
  ) {
    const session = this.manager.require(clusterId);
    const resource =
      typeof kind === 'string' ? await this.discovery.of(session).resolve(kind, options.signal) : kind;
    if (!name) throw this.invalid(clusterId, `${resource.resource}: a name is required`);
    const namespace = this.namespaceFor(session, resource, options.namespace);
    return { session, resource, namespace, path: resourcePath(resource, { namespace, name }) };
  }

  private async fromManifest(
    clusterId: string,
    manifest: KubeManifest,
    options: ObjectOptions & CallOptions,
    needsNamespace = true,
  ) {
    const session = this.manager.require(clusterId);
    const name = manifest?.metadata?.name;
    if (typeof manifest?.apiVersion !== 'string' || typeof manifest.kind !== 'string' || !name)
      throw this.invalid(clusterId, 'a manifest needs apiVersion, kind and metadata.name');
    const resource = await this.discovery
      .of(session)
      .resolveKind(manifest.apiVersion, manifest.kind, options.signal);
    const given = manifest.metadata.namespace ?? options.namespace;
    const namespace = needsNamespace ? this.namespaceFor(session, resource, given) : given;
    const body: KubeManifest =
      namespace === undefined ? manifest : { ...manifest, metadata: { ...manifest.metadata, namespace } };
    return { session, resource, namespace, name, body };
  }

  private namespaceFor(session: ClusterSession, resource: ResolvedResource, namespace: string | undefined) {
    if (!resource.namespaced) return undefined;
    // No context namespace is guessed: a write lands exactly where the caller said.
    if (!namespace)
      throw this.invalid(session.clusterId, `${resource.resource} is namespaced: a namespace is required`);
    return namespace;
  }

  private async send<T>(
    session: ClusterSession,
    request: SessionRequest,
    extra: { maxResponseBytes?: number } = {},
  ): Promise<T> {
    const response = await session.request<T>({
      ...request,
      ...(extra.maxResponseBytes !== undefined ? { maxResponseBytes: extra.maxResponseBytes } : {}),
    });
    // A written CRD or APIService changes what this cluster serves: the next lookup must see it.
    const write = request.method !== undefined && request.method !== 'GET' && request.method !== 'HEAD';
    if (write && !request.query?.['dryRun'] && DISCOVERY_CHANGING.test(request.path))
      this.discovery.of(session).invalidate();
    return response.body;
  }

  private invalid(clusterId: string, message: string): FlotillaError {
    const session = this.manager.get(clusterId);
    return new FlotillaError({
      clusterId,
      ...(session ? { clusterName: session.clusterName } : {}),
      kind: 'invalid',
      retryable: false,
      message,
    });
  }
}

function dryRun(options: WriteOptions): 'All' | undefined {
  return options.dryRun ? 'All' : undefined;
}

function call(options: CallOptions): Pick<SessionRequest, 'signal' | 'timeoutMs'> {
  return {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  };
}
