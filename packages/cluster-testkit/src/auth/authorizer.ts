/** RBAC-like rules, simplified: a user is allowed what some allow rule grants and no deny rule forbids. */

export interface AccessRule {
  /** Verbs such as get, list, watch, create, update, patch, delete, deletecollection; '*' for all. */
  verbs: readonly string[];
  /** API groups; '' is core, '*' is all. Omitted means all groups. */
  apiGroups?: readonly string[];
  /** Resources by plural, optionally with a subresource (`pods/log`); '*' for all. */
  resources: readonly string[];
  /** Namespaces the rule applies in; omitted means everywhere, including cluster-scoped resources. */
  namespaces?: readonly string[];
}

export interface ResourceAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

/** Every verb on every resource of every group (what `system:masters` may do). */
export const ALLOW_ALL: AccessRule = { verbs: ['*'], apiGroups: ['*'], resources: ['*'] };

/** What a typical read-only user may do: read everything except secrets. */
export const READ_ONLY: readonly AccessRule[] = [
  { verbs: ['get', 'list', 'watch'], apiGroups: ['*'], resources: ['*'] },
];

const has = (list: readonly string[] | undefined, value: string) =>
  list === undefined || list.includes('*') || list.includes(value);

export function ruleMatches(rule: AccessRule, attributes: ResourceAttributes): boolean {
  const resource = attributes.subresource
    ? `${attributes.resource}/${attributes.subresource}`
    : attributes.resource;
  const resourceMatch =
    rule.resources.includes('*') ||
    rule.resources.includes(resource) ||
    // `pods/*` covers every pod subresource.
    (attributes.subresource !== undefined && rule.resources.includes(`${attributes.resource}/*`));
  if (!resourceMatch || !has(rule.verbs, attributes.verb) || !has(rule.apiGroups, attributes.group))
    return false;
  if (rule.namespaces === undefined) return true;
  return attributes.namespace !== undefined && rule.namespaces.includes(attributes.namespace);
}

export function isAllowed(
  allow: readonly AccessRule[],
  deny: readonly AccessRule[],
  attributes: ResourceAttributes,
): boolean {
  if (deny.some((rule) => ruleMatches(rule, attributes))) return false;
  return allow.some((rule) => ruleMatches(rule, attributes));
}

/** The apiserver's wording, e.g. `pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "web"`. */
export function forbiddenMessage(user: string, attributes: ResourceAttributes): string {
  const resource = attributes.subresource
    ? `${attributes.resource}/${attributes.subresource}`
    : attributes.resource;
  const subject = attributes.name
    ? `${attributes.resource}${attributes.group ? `.${attributes.group}` : ''} "${attributes.name}"`
    : `${attributes.resource}${attributes.group ? `.${attributes.group}` : ''}`;
  const scope = attributes.namespace ? `in the namespace "${attributes.namespace}"` : 'at the cluster scope';
  return `${subject} is forbidden: User "${user}" cannot ${attributes.verb} resource "${resource}" in API group "${attributes.group}" ${scope}`;
}
