import type { ComparisonQuery, ComparisonSnapshot, FleetClient } from '@flotilla/cluster-core';
import { useQueryView, useViewSnapshot } from './use-view-snapshot';

const createView = (client: FleetClient, query: ComparisonQuery) => client.comparison(query);

/**
 * Distribution of a kind across clusters (with status breakdown), the fleet's version skew and, when
 * the query names an object, its diff across clusters. Null while `query` is null.
 */
export function useClusterComparison(query: ComparisonQuery | null): ComparisonSnapshot | null {
  return useViewSnapshot(useQueryView(query, createView), null);
}
