/**
 * React hooks and components for multi-cluster Kubernetes consoles. Everything reads one
 * `FleetClient` (in-process or over the browser bridge) through `<FlotillaProvider>`; hooks hold no
 * data logic of their own and every per-cluster hook answers an unknown id with
 * `{ status: 'unknown-cluster', clusterId }` instead of throwing.
 *
 * @module \@flotilla/cluster-react
 */

// Provider
export { FlotillaProvider, useFlotillaRuntime } from './provider/FlotillaProvider';
export type { FlotillaProviderProps } from './provider/FlotillaProvider';
export type { FlotillaRuntime } from './provider/flotilla-context';

// Hooks
export { useFleetClient } from './hooks/use-fleet-client';
export { useFleetSnapshot, useClusters } from './hooks/use-clusters';
export { useCluster, useClusterSnapshot } from './hooks/use-cluster';
export { useActiveCluster, useActiveClusterId, useSetActiveCluster } from './hooks/use-active-cluster';
export { useClusterHealth } from './hooks/use-cluster-health';
export { useClusterAuth } from './hooks/use-cluster-auth';
export type { ClusterAuthActions } from './hooks/use-cluster-auth';
export { useClusterConnection } from './hooks/use-cluster-connection';
export type { ClusterConnectionActions } from './hooks/use-cluster-connection';
export { useClusterMetadata } from './hooks/use-cluster-metadata';
export { useFleetLink } from './hooks/use-fleet-link';
export { useFleetResources } from './hooks/use-fleet-resources';
export type { FleetResourcesResult } from './hooks/use-fleet-resources';
export { useClusterComparison } from './hooks/use-cluster-comparison';
export { usePermissions } from './hooks/use-permissions';
export { useDrainJobs } from './hooks/use-drain-jobs';
export { usePodLogs } from './hooks/use-pod-logs';
export { useClusterPreference, useClusterPreferenceMap } from './hooks/use-cluster-preference';
export type { PreferenceSetter } from './hooks/use-cluster-preference';
export { useFleetEvents } from './hooks/use-fleet-events';
export type { FleetEventFilter, FleetEventListener } from './hooks/use-fleet-events';
export { useNow } from './hooks/use-now';

// Derived state shared by hooks and components
export type {
  ClusterLookup,
  KnownCluster,
  UnknownCluster,
  ClusterHealthView,
  ClusterAuthView,
  ClusterConnectionView,
  ClusterMetadataView,
} from './core/cluster-lookup';
export { summarizeClusterStatus } from './core/cluster-status';
export type { ClusterStatusSummary, StatusTone } from './core/cluster-status';
export { clusterColour } from './core/cluster-colour';
export { fleetRowKey } from './core/table-rows';
export type { TableGroupBy, TableSort } from './core/table-rows';

// Components
export { ClusterSwitcher } from './components/ClusterSwitcher';
export type { ClusterSwitcherProps, ClusterGroups } from './components/ClusterSwitcher';
export type { ClusterSelectionProps } from './components/use-cluster-selection';
export { ClusterStatusDot } from './components/ClusterStatusDot';
export type { ClusterStatusDotProps } from './components/ClusterStatusDot';
export { ClusterStatusIndicator } from './components/ClusterStatusIndicator';
export type { ClusterStatusIndicatorProps } from './components/ClusterStatusIndicator';
export { ClusterStatusBadge } from './components/ClusterStatusBadge';
export type { ClusterStatusBadgeProps } from './components/ClusterStatusBadge';
export { ClusterAuthNotice } from './components/ClusterAuthNotice';
export type { ClusterAuthNoticeProps } from './components/ClusterAuthNotice';
export { FleetResourceTable } from './components/FleetResourceTable';
export type { FleetResourceTableProps } from './components/FleetResourceTable';
export {
  defaultColumns,
  clusterColumn,
  namespaceColumn,
  nameColumn,
  ageColumn,
  POD_COLUMNS,
  DEPLOYMENT_COLUMNS,
  NODE_COLUMNS,
  EVENT_COLUMNS,
  GENERIC_COLUMNS,
} from './components/table/columns';
export type { FleetColumn, ColumnContext } from './components/table/columns';
export { ClusterComparisonView } from './components/ClusterComparisonView';
export type { ClusterComparisonViewProps } from './components/ClusterComparisonView';
export { ClusterMetadataPanel } from './components/ClusterMetadataPanel';
export type { ClusterMetadataPanelProps } from './components/ClusterMetadataPanel';
export { FleetHealthGrid } from './components/FleetHealthGrid';
export type { FleetHealthGridProps } from './components/FleetHealthGrid';
