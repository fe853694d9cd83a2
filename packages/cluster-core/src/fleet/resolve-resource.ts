import type { ApiResource } from './api-resource';

/**
 * Finds what a user typed — `pods`, `po`, `Pod`, `pod`, `deploy`, `deployments.apps`,
 * `deployments.v1.apps`, `ct` — among one cluster's resources, the way kubectl does: plural names
 * first, then singular names, short names and kinds (case-insensitive); the core group and a
 * group's preferred version win ties (so `events` is core `v1`, not `events.k8s.io`).
 */
export function findResource(resources: readonly ApiResource[], query: string): ApiResource | undefined {
  const wanted = query.trim().toLowerCase();
  if (!wanted) return undefined;
  const ordered = [...resources].sort((a, b) => Number(b.preferred) - Number(a.preferred));
  for (const { name, group, version } of candidates(wanted)) {
    const scoped = ordered.filter(
      (r) => (group === undefined || r.group === group) && (version === undefined || r.version === version),
    );
    const match =
      scoped.find((r) => r.resource === name) ??
      scoped.find((r) => r.singularName === name) ??
      scoped.find((r) => r.shortNames.includes(name)) ??
      scoped.find((r) => r.kind.toLowerCase() === name);
    if (match) return match;
  }
  return undefined;
}

/** `deployments.v1.apps` may mean resource.version.group or resource.group; try the plain name last. */
function candidates(wanted: string): Array<{ name: string; group?: string; version?: string }> {
  const out: Array<{ name: string; group?: string; version?: string }> = [];
  const dot = wanted.indexOf('.');
  if (dot > 0) {
    const name = wanted.slice(0, dot);
    const rest = wanted.slice(dot + 1);
    const second = rest.indexOf('.');
    if (second > 0 && /^v\d+((alpha|beta)\d+)?$/.test(rest.slice(0, second)))
      out.push({ name, version: rest.slice(0, second), group: rest.slice(second + 1) });
    out.push({ name, group: rest });
  } else {
    out.push({ name: wanted });
  }
  return out;
}

/**
 * The resource serving `kind` in `apiVersion` (from a manifest), exact and case-sensitive like the
 * apiserver. Legacy discovery is read for preferred versions only (`allVersionsKnown: false`); the
 * resource name is the same in every version of a group, so another version of a known kind is
 * trusted and the server has the last word.
 */
export function findKind(
  resources: readonly ApiResource[],
  apiVersion: string,
  kind: string,
  allVersionsKnown: boolean,
): ApiResource | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const inGroup = resources.filter((r) => r.group === group && r.kind === kind);
  const exact = inGroup.find((r) => r.version === version);
  if (exact || allVersionsKnown) return exact;
  const known = inGroup[0];
  return known && { ...known, version, preferred: false };
}
