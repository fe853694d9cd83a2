/**
 * Compares the container images of one deployment across every cluster.
 *
 *   npm run example -- compare-image --deployment NAME --namespace NS [--kubeconfig PATH]
 *
 * Prints one row per cluster: the images it runs, `missing` where the deployment does not exist,
 * or the error of a cluster that did not answer. Exit code 0 when every cluster that has the
 * deployment runs the same images, 1 when they drift, 3 when a cluster could not be asked.
 */
import type { FleetOperations } from '@flotilla/cluster-core';
import { formatTable } from './report-format';

interface Deployment {
  metadata: { name: string; namespace?: string };
  spec?: { template?: { spec?: { containers?: Array<{ name: string; image?: string }> } } };
}

export type ImageRow =
  | { clusterId: string; clusterName: string; state: 'found'; images: Record<string, string> }
  | { clusterId: string; clusterName: string; state: 'missing' }
  | { clusterId: string; clusterName: string; state: 'error'; error: string };

export interface ImageComparison {
  deployment: string;
  namespace: string;
  rows: ImageRow[];
  /** Distinct image sets among the clusters that have the deployment. */
  variants: number;
  /** Some cluster could not be asked: the comparison is incomplete. */
  partial: boolean;
}

export async function compareDeploymentImages(
  fleet: FleetOperations,
  deployment: string,
  namespace: string,
): Promise<ImageComparison> {
  const result = await fleet.get<Deployment>('deployments', deployment, { namespace });
  const rows: ImageRow[] = result.entries.map((entry) => {
    const ref = { clusterId: entry.clusterId, clusterName: entry.clusterName };
    if (entry.status === 'ok') {
      const images: Record<string, string> = {};
      for (const c of entry.value.spec?.template?.spec?.containers ?? []) images[c.name] = c.image ?? '';
      return { ...ref, state: 'found', images };
    }
    if (entry.status !== 'skipped' && entry.error.kind === 'not-found') return { ...ref, state: 'missing' };
    const error =
      entry.status === 'skipped' ? `skipped: ${entry.reason}` : `${entry.error.kind}: ${entry.error.message}`;
    return { ...ref, state: 'error', error };
  });
  const variants = new Set(
    rows.flatMap((row) => (row.state === 'found' ? [JSON.stringify(Object.entries(row.images).sort())] : [])),
  ).size;
  return { deployment, namespace, rows, variants, partial: rows.some((row) => row.state === 'error') };
}

export function formatImageComparison(comparison: ImageComparison): string {
  const rows = comparison.rows.map((row) => {
    if (row.state === 'found') {
      const images = Object.entries(row.images).map(([name, image]) => `${name}=${image}`);
      return [row.clusterName, images.join(', ')];
    }
    return [row.clusterName, row.state === 'missing' ? 'missing' : `error (${row.error})`];
  });
  const verdict =
    comparison.variants <= 1
      ? `All clusters that run ${comparison.namespace}/${comparison.deployment} run the same images.`
      : `${comparison.namespace}/${comparison.deployment} runs ${comparison.variants} different image sets.`;
  const caveat = comparison.partial ? '\nSome clusters did not answer: the comparison is incomplete.' : '';
  return `${formatTable(['CLUSTER', 'IMAGES'], rows)}\n\n${verdict}${caveat}`;
}
