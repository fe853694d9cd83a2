import type { ResolvedResource } from '@flotilla/cluster-core';
import type { Column, KindColumns } from './column';
import { deploymentColumns } from './deployments';
import { eventColumns } from './events';
import { genericColumns } from './generic';
import { namespaceColumns } from './namespaces';
import { nodeColumns } from './nodes';
import { podColumns } from './pods';
import { serviceColumns } from './services';

export type { CellContext, Column, KindColumns, Tone } from './column';

const BY_RESOURCE: Readonly<Record<string, KindColumns>> = {
  '/pods': podColumns,
  'apps/deployments': deploymentColumns,
  '/nodes': nodeColumns,
  '/namespaces': namespaceColumns,
  '/services': serviceColumns,
  '/events': eventColumns,
};

/** The columns for a resource type as one cluster serves it (group and plural name decide). */
export function kindColumns(resource: Pick<ResolvedResource, 'group' | 'resource'> | undefined): KindColumns {
  if (!resource) return genericColumns;
  return BY_RESOURCE[`${resource.group}/${resource.resource}`] ?? genericColumns;
}

export const namespaceColumn: Column = {
  header: 'NAMESPACE',
  value: (object) => object.metadata.namespace ?? '',
};

/**
 * The columns to print after CLUSTER: NAMESPACE when listing a namespaced kind across namespaces
 * (as `kubectl get -A` does), then the kind's own, the wide ones only for `-o wide`.
 */
export function columnsFor(
  resource: Pick<ResolvedResource, 'group' | 'resource' | 'namespaced'> | undefined,
  options: { allNamespaces: boolean; wide: boolean },
): Column[] {
  const own = kindColumns(resource).columns.filter((column) => options.wide || !column.wide);
  const namespaced = resource?.namespaced ?? true;
  return options.allNamespaces && namespaced ? [namespaceColumn, ...own] : [...own];
}
