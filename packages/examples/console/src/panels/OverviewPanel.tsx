import { ClusterMetadataPanel, FleetHealthGrid, useActiveClusterId } from '@flotilla/cluster-react';
import { ClusterSettings } from './ClusterSettings';

/** Every cluster at a glance, and the active one in detail. */
export function OverviewPanel() {
  const active = useActiveClusterId();
  return (
    <div className="console-overview">
      <FleetHealthGrid label="Cluster health" order="fleet" />
      {active ? (
        <div className="console-active">
          <ClusterMetadataPanel clusterId={active} headingLevel={2} />
          <ClusterSettings clusterId={active} />
        </div>
      ) : (
        <p className="console-hint">Select a cluster to see its details. Nothing is selected for you.</p>
      )}
    </div>
  );
}
