import type { ComparisonQuery } from '@flotilla/cluster-core';
import { useId } from 'react';
import { useClusterComparison } from '../hooks/use-cluster-comparison';
import { DistributionChart } from './comparison/DistributionChart';
import { ObjectDiff } from './comparison/ObjectDiff';
import { VersionSkew } from './comparison/VersionSkew';
import { PartialMarker } from './PartialMarker';

export interface ClusterComparisonViewProps {
  /** What to compare; with `name`, the object's diff across clusters is shown too. */
  query: ComparisonQuery | null;
  /** Heading; default `Compare <kind> across clusters`. */
  title?: string;
  className?: string;
}

/**
 * Clusters side by side: how a kind is distributed (with a status breakdown per cluster), the
 * fleet's version skew, and — when the query names an object — where it differs. Clusters that
 * failed show their error, and the view is marked partial.
 */
export function ClusterComparisonView({ query, title, className }: ClusterComparisonViewProps) {
  const comparison = useClusterComparison(query);
  const headingId = useId();
  const partialId = useId();
  const heading = title ?? (query ? `Compare ${query.kind} across clusters` : 'Compare clusters');
  return (
    <section
      className={['flotilla-comparison', className].filter(Boolean).join(' ')}
      aria-labelledby={headingId}
      aria-describedby={comparison?.partial ? partialId : undefined}
      aria-busy={comparison !== null && !comparison.loaded}
      data-partial={comparison?.partial || undefined}
      style={{ display: 'flex', flexDirection: 'column', gap: '1em' }}
    >
      <h3 id={headingId} className="flotilla-comparison__title">
        {heading}
      </h3>
      {!comparison ? (
        <p>Nothing to compare yet.</p>
      ) : (
        <>
          {comparison.partial && (
            <PartialMarker
              id={partialId}
              clusters={comparison.distribution.map(({ clusterId, clusterName, status, count }) => ({
                clusterId,
                clusterName,
                status,
                count,
                since: null,
              }))}
            />
          )}
          {comparison.distribution.length === 0 ? (
            <p>No clusters to compare.</p>
          ) : (
            <DistributionChart
              kind={query?.kind ?? comparison.kind ?? 'objects'}
              cells={comparison.distribution}
            />
          )}
          <VersionSkew skew={comparison.versionSkew} />
          {comparison.diff && <ObjectDiff comparison={comparison.diff} />}
        </>
      )}
    </section>
  );
}
