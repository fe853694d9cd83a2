/** The parts of a Kubernetes object an informer reads; everything else is carried untouched. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

/** client-go's `MetaNamespaceKeyFunc`: `namespace/name`, or `name` for cluster-scoped objects. */
export function objectKey(object: { metadata: { name: string; namespace?: string | undefined } }): string {
  const { namespace, name } = object.metadata;
  return namespace ? `${namespace}/${name}` : name;
}
