import { useCluster } from '../hooks/use-cluster';
import { ClusterStatusDot, ToneDot } from './ClusterStatusDot';

export interface ClusterStatusBadgeProps {
  clusterId: string;
  className?: string;
}

/** Any cluster's name and status, by id; an unknown id says so instead of failing. */
export function ClusterStatusBadge({ clusterId, className }: ClusterStatusBadgeProps) {
  const lookup = useCluster(clusterId);
  const classes = ['flotilla-badge', className].filter(Boolean).join(' ');
  if (lookup.status === 'unknown-cluster') {
    return (
      <span className={classes} data-state="unknown-cluster">
        <ToneDot tone="unknown" />
        <span>Unknown cluster “{clusterId}”</span>
      </span>
    );
  }
  return (
    <span className={classes} data-cluster-id={clusterId}>
      <span className="flotilla-badge__name">{lookup.clusterName}</span>
      <ClusterStatusDot cluster={lookup.cluster} showLabel />
    </span>
  );
}
