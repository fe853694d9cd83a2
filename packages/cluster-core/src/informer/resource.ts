/**
 * Which collection an informer follows: a resource of one API group version, in one namespace or in
 * all of them. Discovery maps kinds to this (a resolved resource of the fleet module fits it as is).
 */
export interface ResourceDescriptor {
  /** `''` for the core group. */
  group: string;
  version: string;
  /** The plural name used in paths, e.g. `deployments`. */
  resource: string;
  /** Only this namespace; absent for all namespaces or a cluster-scoped resource. */
  namespace?: string | undefined;
}

/** `/api/v1/pods`, `/apis/apps/v1/namespaces/web/deployments`. */
export function collectionPath(descriptor: ResourceDescriptor): string {
  const base = descriptor.group
    ? `/apis/${descriptor.group}/${descriptor.version}`
    : `/api/${descriptor.version}`;
  const scope =
    descriptor.namespace !== undefined ? `/namespaces/${encodeURIComponent(descriptor.namespace)}` : '';
  return `${base}${scope}/${descriptor.resource}`;
}

/** `pods`, `deployments.apps`: the group-qualified name kubectl and the apiserver use. */
export function resourceLabel(descriptor: Pick<ResourceDescriptor, 'group' | 'resource'>): string {
  return descriptor.group ? `${descriptor.resource}.${descriptor.group}` : descriptor.resource;
}
