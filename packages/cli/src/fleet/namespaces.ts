import type { DiscoveredCluster } from '@flotilla/cluster-core/node';
import { UsageError } from '../usage-error';

/** Which namespace a namespaced request goes to. */
export type NamespaceScope =
  | { kind: 'all' }
  | { kind: 'one'; namespace: string }
  /** kubectl's default: the context's namespace, else `default` — per cluster. */
  | { kind: 'context' };

export function namespaceScope(options: { namespace?: string; allNamespaces?: boolean }): NamespaceScope {
  if (options.allNamespaces) return { kind: 'all' };
  if (options.namespace !== undefined) {
    if (options.namespace === '') throw new UsageError('-n/--namespace must not be empty');
    return { kind: 'one', namespace: options.namespace };
  }
  return { kind: 'context' };
}

/** The namespace of one cluster's request; undefined for all namespaces. */
export function namespaceFor(
  scope: NamespaceScope,
  cluster: Pick<DiscoveredCluster, 'namespace'>,
): string | undefined {
  if (scope.kind === 'all') return undefined;
  if (scope.kind === 'one') return scope.namespace;
  return cluster.namespace ?? 'default';
}

/** `in web namespace`, `in the contexts' namespaces`, `` for all: for "No resources found …". */
export function scopeText(scope: NamespaceScope): string {
  if (scope.kind === 'all') return '';
  if (scope.kind === 'one') return ` in ${scope.namespace} namespace`;
  return " in the contexts' namespaces";
}
