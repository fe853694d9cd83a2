/**
 * A resource type as one cluster serves it: what an informer, a list or a write needs to build its
 * path. Resolved per cluster, since two clusters may serve a kind in different versions or not at all.
 */
export interface ResolvedResource {
  /** `''` for the core group. */
  group: string;
  version: string;
  /** The plural resource name in paths, e.g. `deployments`. */
  resource: string;
  kind: string;
  namespaced: boolean;
}

/** Everything discovery says about one resource type of one group version. */
export interface ApiResource extends ResolvedResource {
  singularName: string;
  shortNames: readonly string[];
  categories: readonly string[];
  verbs: readonly string[];
  /** e.g. `scale`, `status`, `log`. */
  subresources: readonly string[];
  /** Served in its group's preferred version. */
  preferred: boolean;
}

/** `v1` or `apps/v1`. */
export function apiVersionOf(resource: Pick<ResolvedResource, 'group' | 'version'>): string {
  return resource.group ? `${resource.group}/${resource.version}` : resource.version;
}

/** `/api/v1/namespaces/web/pods/api-1/log`; a namespace is ignored for cluster-scoped resources. */
export function resourcePath(
  resource: ResolvedResource,
  at: { namespace?: string | undefined; name?: string | undefined; subresource?: string | undefined } = {},
): string {
  const base = resource.group ? `/apis/${resource.group}/${resource.version}` : `/api/${resource.version}`;
  const scope =
    resource.namespaced && at.namespace !== undefined
      ? `/namespaces/${encodeURIComponent(at.namespace)}`
      : '';
  const name = at.name !== undefined ? `/${encodeURIComponent(at.name)}` : '';
  const sub = at.name !== undefined && at.subresource !== undefined ? `/${at.subresource}` : '';
  return `${base}${scope}/${resource.resource}${name}${sub}`;
}
