import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterSource } from '../../cluster-state';
import type { FlotillaError } from '../../errors';

/**
 * Where to read kubeconfigs from: a `KUBECONFIG`-style list (entries separated by `path.delimiter`),
 * an array of paths, or a kubeconfig pasted by the user, named by `label` so its clusters keep stable
 * ids (`paste:<label>:<context>`).
 */
export type KubeconfigInput = string | readonly string[] | { yaml: string; label: string };

/**
 * One cluster found in a kubeconfig: one per context, never merged with another file's context of
 * the same name (same `clusterName`, different `clusterId`).
 */
export interface DiscoveredCluster {
  /** `<absolute path>:<context>`, `paste:<label>:<context>` or `manual:<name>`; stable across restarts. */
  clusterId: string;
  /** The context name; may repeat across files. */
  clusterName: string;
  source: ClusterSource;
  /**
   * A KubeConfig holding only this context, its cluster and its user, with the context current. It
   * is frozen: `setCurrentContext`, `addUser` and friends throw, so no code can point it at another
   * context and send this cluster's credentials elsewhere (or another cluster's here). Relative file
   * references are already absolute; a `token-file` is kept as `tokenFile` on the user (client-node
   * ignores it, the transport reads it on each credential load).
   */
  kubeConfig: KubeConfig;
  server: string;
  insecureSkipTLSVerify: boolean;
  /** The context's namespace, when it names one. */
  namespace: string | null;
  /**
   * SHA-256 over the resolved context, cluster and user (credentials included, so a rotated token is
   * a change); the hash reveals nothing in clear. Referenced files are compared by path, not content.
   */
  fingerprint: string;
  /**
   * A `config` error the cluster is loaded with, e.g. a legacy `auth-provider` (azure, gcp) the
   * transport will refuse, or a user the context names but no file defines.
   */
  error: FlotillaError | null;
}

/** A problem confined to one kubeconfig file (or one of its contexts); the other files still load. */
export interface KubeconfigSourceError {
  /** The absolute file path, or `paste:<label>`. */
  source: string;
  /** The context concerned, when the problem is not the whole file. */
  context?: string;
  error: FlotillaError;
}

export interface KubeconfigLoadResult {
  clusters: DiscoveredCluster[];
  errors: KubeconfigSourceError[];
}
