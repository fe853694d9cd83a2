import { isAllowed, type AccessRule, type ResourceAttributes } from '../auth/authorizer';
import type { User } from '../auth/users';
import { errors } from '../api/status';

/** Answers SelfSubjectAccessReview and SelfSubjectRulesReview from the same rules that produce 403s. */
export function accessReview(user: User, body: Record<string, unknown>) {
  const spec = (body['spec'] ?? {}) as {
    resourceAttributes?: Partial<ResourceAttributes> & { resource?: string };
    nonResourceAttributes?: { path?: string; verb?: string };
  };
  let allowed: boolean;
  if (spec.resourceAttributes) {
    const attrs = spec.resourceAttributes;
    const attributes: ResourceAttributes = {
      verb: attrs.verb ?? '',
      group: attrs.group ?? '',
      resource: attrs.resource ?? '',
      ...(attrs.subresource ? { subresource: attrs.subresource } : {}),
      ...(attrs.namespace ? { namespace: attrs.namespace } : {}),
      ...(attrs.name ? { name: attrs.name } : {}),
    };
    allowed = isAllowed(user.allow, user.deny, attributes);
  } else if (spec.nonResourceAttributes) {
    // Non-resource URLs (/healthz, /version …) are open to every authenticated user here.
    allowed = true;
  } else {
    throw errors.invalid(
      'SelfSubjectAccessReview',
      '',
      'spec: Invalid value: exactly one of nonResourceAttributes or resourceAttributes must be specified',
    );
  }
  return {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
    status: allowed
      ? { allowed: true, reason: 'allowed by simulated RBAC' }
      : { allowed: false, denied: user.deny.length > 0 },
  };
}

function applies(rule: AccessRule, namespace: string): boolean {
  return rule.namespaces === undefined || rule.namespaces.includes(namespace);
}

export function rulesReview(user: User, body: Record<string, unknown>) {
  const namespace = ((body['spec'] ?? {}) as { namespace?: string }).namespace ?? '';
  const resourceRules = user.allow
    .filter((rule) => applies(rule, namespace))
    .map((rule) => ({
      verbs: [...rule.verbs],
      apiGroups: [...(rule.apiGroups ?? ['*'])],
      resources: [...rule.resources],
    }));
  return {
    kind: 'SelfSubjectRulesReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec: { namespace },
    status: {
      resourceRules,
      nonResourceRules: [
        {
          verbs: ['get'],
          nonResourceURLs: [
            '/healthz',
            '/livez',
            '/readyz',
            '/version',
            '/api',
            '/api/*',
            '/apis',
            '/apis/*',
          ],
        },
      ],
      // Deny rules cannot be expressed as rules, so the answer admits it is incomplete.
      incomplete: user.deny.length > 0,
      ...(user.deny.length > 0 ? { evaluationError: 'some access is denied by rules not listed here' } : {}),
    },
  };
}
