/**
 * The resource types a simulated cluster serves, described the way discovery describes them.
 * Short names and categories follow real Kubernetes so kubectl resolves `po`, `deploy`, `all` …
 */

export interface SubresourceType {
  name: string;
  kind: string;
  group?: string;
  version?: string;
  verbs: string[];
}

export interface ResourceType {
  /** API group; '' for the core group. */
  group: string;
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  subresources: SubresourceType[];
}

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function resource(
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  extra: Partial<Pick<ResourceType, 'shortNames' | 'categories' | 'verbs' | 'subresources'>> = {},
): ResourceType {
  return {
    group,
    version,
    kind,
    listKind: `${kind}List`,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    shortNames: extra.shortNames ?? [],
    categories: extra.categories ?? [],
    verbs: extra.verbs ?? CRUD,
    subresources: extra.subresources ?? [],
  };
}

const status = (kind: string): SubresourceType => ({
  name: 'status',
  kind,
  verbs: ['get', 'patch', 'update'],
});
const scale = (): SubresourceType => ({
  name: 'scale',
  kind: 'Scale',
  group: 'autoscaling',
  version: 'v1',
  verbs: ['get', 'patch', 'update'],
});

/** The built-in resource types every simulated cluster serves. */
export const BUILTIN_RESOURCES: readonly ResourceType[] = [
  resource('', 'v1', 'Namespace', 'namespaces', false, {
    shortNames: ['ns'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: [status('Namespace')],
  }),
  resource('', 'v1', 'Node', 'nodes', false, { shortNames: ['no'], subresources: [status('Node')] }),
  resource('', 'v1', 'Pod', 'pods', true, {
    shortNames: ['po'],
    categories: ['all'],
    subresources: [
      status('Pod'),
      { name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
      { name: 'log', kind: 'Pod', verbs: ['get'] },
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
    ],
  }),
  resource('', 'v1', 'Service', 'services', true, {
    shortNames: ['svc'],
    categories: ['all'],
    subresources: [status('Service')],
  }),
  resource('', 'v1', 'ConfigMap', 'configmaps', true, { shortNames: ['cm'] }),
  resource('', 'v1', 'Secret', 'secrets', true),
  resource('', 'v1', 'Event', 'events', true, { shortNames: ['ev'] }),
  resource('apps', 'v1', 'Deployment', 'deployments', true, {
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: [status('Deployment'), scale()],
  }),
  resource('apps', 'v1', 'ReplicaSet', 'replicasets', true, {
    shortNames: ['rs'],
    categories: ['all'],
    subresources: [status('ReplicaSet'), scale()],
  }),
  resource('apps', 'v1', 'StatefulSet', 'statefulsets', true, {
    shortNames: ['sts'],
    categories: ['all'],
    subresources: [status('StatefulSet'), scale()],
  }),
  resource('apps', 'v1', 'DaemonSet', 'daemonsets', true, {
    shortNames: ['ds'],
    categories: ['all'],
    subresources: [status('DaemonSet')],
  }),
  resource('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, {
    shortNames: ['pdb'],
    subresources: [status('PodDisruptionBudget')],
  }),
  resource('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, {
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    subresources: [status('CustomResourceDefinition')],
  }),
  resource('authorization.k8s.io', 'v1', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', false, {
    verbs: ['create'],
  }),
  resource('authorization.k8s.io', 'v1', 'SelfSubjectRulesReview', 'selfsubjectrulesreviews', false, {
    verbs: ['create'],
  }),
];

/** The CustomResourceDefinition-backed kind every simulated cluster serves (the Kubernetes docs' CronTab). */
export const CRONTAB_RESOURCE: ResourceType = resource(
  'stable.example.com',
  'v1',
  'CronTab',
  'crontabs',
  true,
  {
    shortNames: ['ct'],
    categories: ['all'],
  },
);

/** Served only by clusters started with `flavor: 'openshift'`. */
export const OPENSHIFT_RESOURCES: readonly ResourceType[] = [
  resource('config.openshift.io', 'v1', 'ClusterVersion', 'clusterversions', false, {
    subresources: [status('ClusterVersion')],
  }),
];

/** Review kinds are answered, never stored. */
export function isReviewResource(type: ResourceType): boolean {
  return type.group === 'authorization.k8s.io';
}

/** `v1` for the core group, `<group>/<version>` otherwise. */
export function apiVersionOf(type: Pick<ResourceType, 'group' | 'version'>): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** Identifies a resource type independent of version: `pods`, `deployments.apps`. */
export function groupResource(type: Pick<ResourceType, 'group' | 'plural'>): string {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}
