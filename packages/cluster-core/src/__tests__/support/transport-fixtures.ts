import { KubeConfig } from '@kubernetes/client-node';
import { buildKubeconfig, type KubeconfigCredential, type SimulatedCluster } from '@flotilla/cluster-testkit';
import { FlotillaError } from '../../errors';
import {
  ClusterCredentials,
  type ClusterCredentialsOptions,
} from '../../node/credentials/cluster-credentials';
import { HttpsTransport, type HttpsTransportOptions } from '../../node/https-transport';

/** A KubeConfig holding one context, parsed by client-node as the kubeconfig loader would. */
export function kubeConfigFromYaml(yaml: string, context?: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(yaml);
  if (context) kc.setCurrentContext(context);
  return kc;
}

export interface KubeConfigSpec {
  credential?: KubeconfigCredential;
  /** PEM of the CA to trust (default the cluster's own). */
  caPem?: string;
  server?: string;
}

export function kubeConfigFor(cluster: SimulatedCluster, spec: KubeConfigSpec = {}): KubeConfig {
  const entry = cluster.kubeconfigEntry();
  return kubeConfigFromYaml(
    buildKubeconfig([
      {
        ...entry,
        ...(spec.credential ? { credential: spec.credential } : {}),
        ...(spec.caPem ? { certificateAuthorityData: spec.caPem } : {}),
        ...(spec.server ? { server: spec.server } : {}),
      },
    ]),
  );
}

export type TransportOverrides = Partial<Omit<HttpsTransportOptions, 'credentials'>> & {
  credentials?: Partial<Omit<ClusterCredentialsOptions, 'clusterId'>>;
};

/** Tracks what a test file created so `afterEach` can dispose it. */
export class TransportPool {
  private readonly transports: HttpsTransport[] = [];

  create(kubeConfig: KubeConfig, clusterName: string, overrides: TransportOverrides = {}): HttpsTransport {
    const { credentials: credentialOptions, ...transportOptions } = overrides;
    const clusterId = `test:${clusterName}`;
    const credentials = new ClusterCredentials(kubeConfig, { clusterId, clusterName, ...credentialOptions });
    const transport = new HttpsTransport({ clusterId, clusterName, credentials, ...transportOptions });
    this.transports.push(transport);
    return transport;
  }

  disposeAll(): void {
    for (const transport of this.transports.splice(0)) transport.dispose();
  }
}

/** Resolves with the FlotillaError a promise rejects with; fails the test if it resolves. */
export async function failureOf(promise: Promise<unknown>): Promise<FlotillaError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FlotillaError) return error;
    throw new Error(`expected a FlotillaError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected the request to fail');
}

/** Everything an error could leak through: message, JSON view, stack and status body. */
export function everythingSaidBy(error: FlotillaError): string {
  return [
    error.message,
    JSON.stringify(error.toJSON()),
    error.stack ?? '',
    JSON.stringify(error.statusBody ?? {}),
  ].join('\n');
}
