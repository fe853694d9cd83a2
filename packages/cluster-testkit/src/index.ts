/**
 * Simulated HTTPS Kubernetes API servers on 127.0.0.1, whole fleets of them with one kubeconfig,
 * and run-time fault injection per cluster. Browser-safe fixtures are in
 * `@flotilla/cluster-testkit/fixtures`.
 *
 * @module \@flotilla/cluster-testkit
 */
export { SimulatedCluster, type SimulatedClusterOptions, type ClusterFlavor } from './simulated-cluster';
export {
  SimulatedFleet,
  startSimulatedFleet,
  type SimulatedFleetOptions,
  type FleetClusterSpec,
} from './fleet/simulated-fleet';
export { ExecPluginControl, execCredentialPluginPath, type ExecPluginMode } from './fleet/exec-plugin';
export { buildKubeconfig, type KubeconfigEntry, type KubeconfigCredential } from './fleet/kubeconfig';
export {
  ControlServer,
  controlFilePath,
  type ControlEndpoint,
  type ClusterSummary,
} from './fleet/control-server';
export { writePrivateFile } from './fleet/atomic-file';
export { FaultInjector } from './faults/fault-injector';
export { applyFaultSpec, FaultSpecError, FAULT_SPECS } from './faults/fault-spec';
export type { FaultState } from './faults/fault-state';
export { RequestLog, type RequestLogEntry } from './server/request-log';
export {
  credentialFingerprint,
  createCertificateAuthority,
  issueServerCertificate,
  issueClientCertificate,
  type CertificateAuthority,
  type PemKeyPair,
} from './server/certs';
export type { VersionInfo } from './server/context';
export { ObjectStore } from './store/object-store';
export type { StoreEvent } from './store/event-history';
export type { AccessRule, ResourceAttributes } from './auth/authorizer';
export { ALLOW_ALL, READ_ONLY } from './auth/authorizer';
export { DEFAULT_USERS, type UserSpec } from './auth/users';
export {
  BUILTIN_RESOURCES,
  OPENSHIFT_RESOURCES,
  CRONTAB_RESOURCE,
  apiVersionOf,
  groupResource,
  type ResourceType,
} from './api/resources';
export type { KubeObject, ObjectMeta, Status, WatchEvent, WatchEventType } from './api/types';
export { generateWorkload, type WorkloadOptions } from './workload/seed';
export { ChurnGenerator } from './workload/churn';
