/**
 * The Node-only half of cluster-core: kubeconfig loading and watching, the HTTPS transport and its
 * credentials (tokens, certificates, exec plugins, OIDC), clusters added by hand, the file
 * preference store, exec shells and the browser bridge server.
 *
 * @module \@flotilla/cluster-core/node
 */
export { loadKubeconfigSources, splitKubeconfigPaths } from './kubeconfig/load-kubeconfig-sources';
export type {
  DiscoveredCluster,
  KubeconfigInput,
  KubeconfigLoadResult,
  KubeconfigSourceError,
} from './kubeconfig/types';
export type { KubeconfigUser } from './kubeconfig/build-cluster';
export { KubeconfigWatcher } from './kubeconfig/kubeconfig-watcher';
export type { KubeconfigDiff, KubeconfigWatcherOptions } from './kubeconfig/kubeconfig-watcher';
export { ManualClusterStore, defaultManualClustersPath } from './kubeconfig/manual-clusters';
export type { ManualClusterSpec } from './kubeconfig/manual-cluster-spec';
export {
  FilePreferenceStore,
  defaultPreferencesPath,
  PREFERENCES_SCHEMA_VERSION,
} from './file-preference-store';
export type { FilePreferenceStoreOptions, PreferenceRecovery } from './file-preference-store';
export { flotillaConfigDir } from './config-dir';
export { writePrivateFileAtomic } from './atomic-file';
export { HttpsTransport, DEFAULT_HTTPS_TRANSPORT } from './https-transport';
export type { HttpsTransportOptions } from './https-transport';
export { networkFailureKind, describeNetworkError } from './classify-error';
export type { NetworkFailureKind } from './classify-error';
export { statusError, kindForStatus, parseRetryAfter } from './status-error';
export { ClusterCredentials } from './credentials/cluster-credentials';
export type {
  ClusterCredentialsOptions,
  ResolvedCredentials,
  TlsMaterial,
} from './credentials/cluster-credentials';
export type { CredentialKind } from './credentials/credential-source';
export { DEFAULT_EXEC_TIMEOUT_MS, DEFAULT_EXEC_EXPIRY_SKEW_MS } from './credentials/exec-credential-source';
export { DEFAULT_TOKEN_FILE_REFRESH_MS } from './credentials/token-file-source';
export { runExecPlugin } from './credentials/exec-plugin-runner';
export type { RunExecPluginOptions } from './credentials/exec-plugin-runner';
export { parseExecConfig, parseExecCredential, EXEC_API_VERSIONS } from './credentials/exec-config';
export type { ExecPluginConfig, ExecClusterInfo, ExecCredentialStatus } from './credentials/exec-config';
export { definitionFor } from './cluster-definition';
export type { NodeTransportSettings } from './cluster-definition';
export {
  KubeconfigSync,
  defaultKubeconfigInput,
  addManualCluster,
  loadManualClusters,
} from './kubeconfig-sync';
export type { KubeconfigSyncOptions } from './kubeconfig-sync';
export { webSocketExecConnector, sessionExecConnection, openShell } from './exec/websocket-exec-connector';
export type {
  ExecConnection,
  ExecConnectionResolver,
  WebSocketExecConnectorOptions,
} from './exec/websocket-exec-connector';
export { createFleetServer, DEFAULT_BRIDGE_PATH } from './bridge/fleet-server';
export type { FleetServer, FleetServerOptions } from './bridge/fleet-server';
export type { BridgeConnectionStats } from './bridge/bridge-connection';
export { createBridgeToken, MIN_TOKEN_LENGTH } from './bridge/handshake';
