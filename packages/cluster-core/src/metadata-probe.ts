import type { ClusterMetadata } from './cluster-state';
import { FlotillaError } from './errors';
import type { TransportResponse } from './transport-types';

type Get = (path: string) => Promise<TransportResponse<unknown>>;

interface VersionBody {
  gitVersion?: string;
}

interface ClusterVersionBody {
  status?: { desired?: { version?: string }; history?: Array<{ state?: string; version?: string }> };
}

/**
 * Kubernetes version from /version; OpenShift when `config.openshift.io/v1` ClusterVersion `version`
 * exists (404 means vanilla Kubernetes; any other failure leaves the platform unknown).
 */
export async function detectMetadata(
  get: Get,
  onError: (error: unknown) => void,
): Promise<Pick<ClusterMetadata, 'kubernetesVersion' | 'platform' | 'openshiftVersion'>> {
  let kubernetesVersion: string | null = null;
  try {
    kubernetesVersion = ((await get('/version')).body as VersionBody).gitVersion ?? null;
  } catch (error) {
    onError(error);
  }
  try {
    const body = (await get('/apis/config.openshift.io/v1/clusterversions/version'))
      .body as ClusterVersionBody;
    const completed = body.status?.history?.find((h) => h.state === 'Completed')?.version;
    return {
      kubernetesVersion,
      platform: 'openshift',
      openshiftVersion: body.status?.desired?.version ?? completed ?? null,
    };
  } catch (error) {
    if (error instanceof FlotillaError && error.kind === 'not-found') {
      return { kubernetesVersion, platform: 'kubernetes', openshiftVersion: null };
    }
    onError(error);
    return { kubernetesVersion, platform: 'unknown', openshiftVersion: null };
  }
}
