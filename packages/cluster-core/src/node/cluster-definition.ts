import type { ClusterDefinition } from '../cluster-manager';
import { FlotillaError } from '../errors';
import type { ClusterTransport } from '../transport-types';
import { ClusterCredentials, type ClusterCredentialsOptions } from './credentials/cluster-credentials';
import { HttpsTransport, type HttpsTransportOptions } from './https-transport';
import type { DiscoveredCluster } from './kubeconfig/types';

export interface NodeTransportSettings {
  transport?: Omit<HttpsTransportOptions, 'clusterId' | 'clusterName' | 'credentials'>;
  credentials?: Omit<ClusterCredentialsOptions, 'clusterId' | 'clusterName' | 'tokenFile'>;
}

/**
 * Stands in for the transport of a cluster whose configuration is unusable (a legacy auth provider,
 * a missing user, an unreadable certificate): the cluster stays listed and every request fails with
 * its `config` error, instead of the error escaping into the fleet.
 */
class UnusableTransport implements ClusterTransport {
  constructor(private readonly error: FlotillaError) {}
  request(): Promise<never> {
    return Promise.reject(this.error);
  }
  stream(): Promise<never> {
    return Promise.reject(this.error);
  }
  rebuild(): void {}
  invalidateCredentials(): void {}
  dispose(): void {}
}

/** A ClusterManager definition for a discovered kubeconfig context, with its own HTTPS transport. */
export function definitionFor(
  cluster: DiscoveredCluster,
  settings: NodeTransportSettings = {},
): ClusterDefinition {
  const ref = { clusterId: cluster.clusterId, clusterName: cluster.clusterName };
  return {
    ...ref,
    source: cluster.source,
    server: cluster.server,
    insecureSkipTLSVerify: cluster.insecureSkipTLSVerify,
    createTransport: () => {
      if (cluster.error) return new UnusableTransport(cluster.error);
      try {
        const credentials = new ClusterCredentials(cluster.kubeConfig, { ...settings.credentials, ...ref });
        return new HttpsTransport({ ...settings.transport, ...ref, credentials });
      } catch (error) {
        if (error instanceof FlotillaError) return new UnusableTransport(error);
        throw error;
      }
    },
  };
}
