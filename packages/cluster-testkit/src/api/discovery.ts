import { apiVersionOf, type ResourceType } from './resources';

/** Discovery documents for a set of served resource types, legacy and aggregated. */

interface GroupVersions {
  group: string;
  versions: Map<string, ResourceType[]>;
}

function byGroup(types: readonly ResourceType[]): GroupVersions[] {
  const groups = new Map<string, GroupVersions>();
  for (const type of types) {
    let entry = groups.get(type.group);
    if (!entry) {
      entry = { group: type.group, versions: new Map() };
      groups.set(type.group, entry);
    }
    const list = entry.versions.get(type.version) ?? [];
    list.push(type);
    entry.versions.set(type.version, list);
  }
  return [...groups.values()];
}

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export function apiGroupList(types: readonly ResourceType[]) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: byGroup(types)
      .filter((g) => g.group !== '')
      .map((g) => {
        const versions = [...g.versions.keys()].map((version) => ({
          groupVersion: `${g.group}/${version}`,
          version,
        }));
        return { name: g.group, versions, preferredVersion: versions[0] };
      }),
  };
}

/** `/api/v1` or `/apis/<group>/<version>`; undefined when that group version is not served. */
export function apiResourceList(types: readonly ResourceType[], group: string, version: string) {
  const served = types.filter((t) => t.group === group && t.version === version);
  if (served.length === 0) return undefined;
  const resources = served.flatMap((type) => [
    {
      name: type.plural,
      singularName: type.singular,
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: type.verbs,
      ...(type.shortNames.length ? { shortNames: type.shortNames } : {}),
      ...(type.categories.length ? { categories: type.categories } : {}),
    },
    ...type.subresources.map((sub) => ({
      name: `${type.plural}/${sub.name}`,
      singularName: '',
      namespaced: type.namespaced,
      ...(sub.group !== undefined ? { group: sub.group, version: sub.version } : {}),
      kind: sub.kind,
      verbs: sub.verbs,
    })),
  ]);
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf({ group, version }),
    resources,
  };
}

/**
 * `apidiscovery.k8s.io` APIGroupDiscoveryList for `/api` (core only) or `/apis` (named groups).
 * v2 and v2beta1 share this shape; only apiVersion differs.
 */
export function aggregatedDiscovery(
  types: readonly ResourceType[],
  scope: 'core' | 'groups',
  version: 'v2' | 'v2beta1',
) {
  const groups = byGroup(types).filter((g) => (scope === 'core' ? g.group === '' : g.group !== ''));
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: groups.map((g) => ({
      metadata: g.group ? { name: g.group } : {},
      versions: [...g.versions.entries()].map(([v, list]) => ({
        version: v,
        resources: list.map((type) => ({
          resource: type.plural,
          responseKind: { group: type.group, version: type.version, kind: type.kind },
          scope: type.namespaced ? 'Namespaced' : 'Cluster',
          singularResource: type.singular,
          verbs: type.verbs,
          ...(type.shortNames.length ? { shortNames: type.shortNames } : {}),
          ...(type.categories.length ? { categories: type.categories } : {}),
          ...(type.subresources.length
            ? {
                subresources: type.subresources.map((sub) => ({
                  subresource: sub.name,
                  responseKind: {
                    group: sub.group ?? type.group,
                    version: sub.version ?? type.version,
                    kind: sub.kind,
                  },
                  verbs: sub.verbs,
                })),
              }
            : {}),
        })),
        freshness: 'Current',
      })),
    })),
  };
}
