import type { ClusterQueryStatus } from '@flotilla/cluster-core';

/** Says which clusters a view lacks, so partial data is never mistaken for the whole truth. */
export function PartialMarker({ id, clusters }: { id: string; clusters: readonly ClusterQueryStatus[] }) {
  const missing = clusters.filter((entry) => entry.status !== 'ok');
  if (missing.length === 0) return null;
  const names = missing.map((entry) => `${entry.clusterName} (${entry.status})`).join(', ');
  return (
    <div id={id} role="status" className="flotilla-partial" data-partial="true">
      <strong>Partial results:</strong> {missing.length} of {clusters.length} clusters did not answer fully —{' '}
      {names}.
    </div>
  );
}
