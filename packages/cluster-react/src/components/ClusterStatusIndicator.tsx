import { useActiveCluster } from '../hooks/use-active-cluster';
import { ClusterStatusDot } from './ClusterStatusDot';

export interface ClusterStatusIndicatorProps {
  /** Shown while no cluster is active. */
  emptyLabel?: string;
  className?: string;
}

/**
 * The active cluster's name and status, announced politely when either changes (`role="status"`).
 * It follows the active cluster and shows no other cluster's state.
 */
export function ClusterStatusIndicator({
  emptyLabel = 'No cluster selected',
  className,
}: ClusterStatusIndicatorProps) {
  const cluster = useActiveCluster();
  return (
    <div
      role="status"
      aria-live="polite"
      aria-atomic="true"
      className={['flotilla-indicator', className].filter(Boolean).join(' ')}
      data-cluster-id={cluster?.clusterId}
      style={{ display: 'inline-flex', alignItems: 'center', gap: '0.5em' }}
    >
      {cluster ? (
        <>
          <span className="flotilla-indicator__name">{cluster.clusterName}</span>
          <ClusterStatusDot cluster={cluster} showLabel />
        </>
      ) : (
        <span className="flotilla-indicator__empty">{emptyLabel}</span>
      )}
    </div>
  );
}
