import { type ResourceType } from './resources';
import type { KubeObject } from './types';

const key = (group: string, version: string, plural: string) => `${group}/${version}/${plural}`;

/** The resource types one cluster serves; CustomResourceDefinitions add and remove types at run time. */
export class TypeRegistry {
  private readonly types = new Map<string, ResourceType>();

  constructor(initial: readonly ResourceType[]) {
    for (const type of initial) this.add(type);
  }

  add(type: ResourceType): void {
    this.types.set(key(type.group, type.version, type.plural), type);
  }

  remove(type: Pick<ResourceType, 'group' | 'version' | 'plural'>): void {
    this.types.delete(key(type.group, type.version, type.plural));
  }

  lookup(group: string, version: string, plural: string): ResourceType | undefined {
    return this.types.get(key(group, version, plural));
  }

  byKind(apiVersion: string, kind: string): ResourceType | undefined {
    for (const type of this.types.values()) {
      const typeApiVersion = type.group ? `${type.group}/${type.version}` : type.version;
      if (type.kind === kind && typeApiVersion === apiVersion) return type;
    }
    return undefined;
  }

  hasGroupVersion(group: string, version: string): boolean {
    for (const type of this.types.values()) if (type.group === group && type.version === version) return true;
    return false;
  }

  all(): ResourceType[] {
    return [...this.types.values()];
  }
}

interface CrdNames {
  plural?: string;
  singular?: string;
  kind?: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

interface CrdVersion {
  name?: string;
  served?: boolean;
}

/** The resource types a CustomResourceDefinition object declares (one per served version). */
export function typesFromCrd(crd: KubeObject): ResourceType[] {
  const spec = (crd['spec'] ?? {}) as {
    group?: string;
    scope?: string;
    names?: CrdNames;
    versions?: CrdVersion[];
  };
  const names = spec.names ?? {};
  if (!spec.group || !names.plural || !names.kind) return [];
  return (spec.versions ?? [])
    .filter((v) => v.served !== false && v.name)
    .map((v) => ({
      group: spec.group as string,
      version: v.name as string,
      kind: names.kind as string,
      listKind: names.listKind ?? `${names.kind}List`,
      plural: names.plural as string,
      singular: names.singular ?? (names.kind as string).toLowerCase(),
      namespaced: spec.scope !== 'Cluster',
      shortNames: names.shortNames ?? [],
      categories: names.categories ?? [],
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      subresources: [],
    }));
}
