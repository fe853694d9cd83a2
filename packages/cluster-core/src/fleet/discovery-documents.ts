import type { ApiResource } from './api-resource';

/** Media types for aggregated discovery, newest first, then the legacy documents (plain JSON). */
export const DISCOVERY_ACCEPT = [
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList',
  'application/json',
].join(',');

type Json = Record<string, unknown>;

const record = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
const array = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const texts = (value: unknown): string[] => array(value).filter((v): v is string => typeof v === 'string');

/** Whether a `/api` or `/apis` answer is an aggregated `APIGroupDiscoveryList` (v2 or v2beta1). */
export function isAggregated(body: unknown): boolean {
  const doc = record(body);
  return (
    doc['kind'] === 'APIGroupDiscoveryList' && text(doc['apiVersion']).startsWith('apidiscovery.k8s.io/')
  );
}

/** Resources of an aggregated discovery document; the first version of each group is its preferred one. */
export function fromAggregated(body: unknown): ApiResource[] {
  return array(record(body)['items']).flatMap((item) => {
    const group = text(record(record(item)['metadata'])['name']);
    return array(record(item)['versions']).flatMap((entry, index) => {
      const version = text(record(entry)['version']);
      return array(record(entry)['resources']).flatMap((raw): ApiResource[] => {
        const r = record(raw);
        const resource = text(r['resource']);
        if (!resource || !version) return [];
        return [
          {
            group,
            version,
            resource,
            kind: text(record(r['responseKind'])['kind']),
            namespaced: r['scope'] === 'Namespaced',
            singularName: text(r['singularResource']),
            shortNames: texts(r['shortNames']),
            categories: texts(r['categories']),
            verbs: texts(r['verbs']),
            subresources: array(r['subresources'])
              .map((sub) => text(record(sub)['subresource']))
              .filter(Boolean),
            preferred: index === 0,
          },
        ];
      });
    });
  });
}

/** The group versions a legacy `/apis` (APIGroupList) answer names, preferred version only. */
export function preferredGroupVersions(body: unknown): Array<{ group: string; version: string }> {
  return array(record(body)['groups']).flatMap((raw) => {
    const group = record(raw);
    const name = text(group['name']);
    const version =
      text(record(group['preferredVersion'])['version']) ||
      text(record(array(group['versions'])[0])['version']);
    return name && version ? [{ group: name, version }] : [];
  });
}

/** Core versions of a legacy `/api` (APIVersions) answer. */
export function coreVersions(body: unknown): string[] {
  const versions = texts(record(body)['versions']);
  return versions.length > 0 ? versions : ['v1'];
}

/** Resources of a legacy `/api/v1` or `/apis/<group>/<version>` APIResourceList. */
export function fromResourceList(body: unknown, group: string, version: string): ApiResource[] {
  const entries = array(record(body)['resources']).map(record);
  const subresources = new Map<string, string[]>();
  for (const entry of entries) {
    const [parent, sub] = text(entry['name']).split('/');
    if (parent && sub) subresources.set(parent, [...(subresources.get(parent) ?? []), sub]);
  }
  return entries.flatMap((entry): ApiResource[] => {
    const name = text(entry['name']);
    if (!name || name.includes('/')) return [];
    return [
      {
        group,
        version,
        resource: name,
        kind: text(entry['kind']),
        namespaced: entry['namespaced'] === true,
        singularName: text(entry['singularName']),
        shortNames: texts(entry['shortNames']),
        categories: texts(entry['categories']),
        verbs: texts(entry['verbs']),
        subresources: subresources.get(name) ?? [],
        preferred: true,
      },
    ];
  });
}
