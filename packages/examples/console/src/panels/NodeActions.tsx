import type { FleetStoreItem } from '@flotilla/cluster-core';
import { useDrainJobs, useFleetClient, usePermissions } from '@flotilla/cluster-react';
import { useState } from 'react';

const PATCH_NODES = { verb: 'patch', resource: 'nodes' };
const EVICT_PODS = { verb: 'create', resource: 'pods/eviction' };

/**
 * Cordon, uncordon and drain for one node of one cluster. Each action names the row's cluster, and
 * is offered only where that cluster's own permission review allows it: a cluster that forbids it
 * never hides the action for the others.
 */
export function NodeActions({ item }: { item: FleetStoreItem }) {
  const client = useFleetClient();
  const canPatch = usePermissions(PATCH_NODES);
  const canEvict = usePermissions(EVICT_PODS);
  const [error, setError] = useState<string | null>(null);
  const node = item.object.metadata.name;
  const unschedulable =
    (item.object['spec'] as { unschedulable?: boolean } | undefined)?.unschedulable === true;
  const patchAllowed = canPatch?.allowed[item.clusterId] === true;
  const drainAllowed = patchAllowed && canEvict?.allowed[item.clusterId] === true;
  const run = (action: () => Promise<unknown>) => {
    setError(null);
    action().catch((e: unknown) => setError((e as Error).message));
  };
  const where = `${node} in ${item.clusterName}`;
  return (
    <span className="console-row-actions">
      {unschedulable ? (
        <button
          type="button"
          disabled={!patchAllowed}
          aria-label={`Uncordon ${where}`}
          onClick={() => run(() => client.actions.uncordon(item.clusterId, node))}
        >
          Uncordon
        </button>
      ) : (
        <button
          type="button"
          disabled={!patchAllowed}
          aria-label={`Cordon ${where}`}
          onClick={() => run(() => client.actions.cordon(item.clusterId, node))}
        >
          Cordon
        </button>
      )}
      <button
        type="button"
        disabled={!drainAllowed}
        aria-label={`Drain ${where}`}
        onClick={() => run(() => client.actions.drain(item.clusterId, node, { deleteEmptyDirData: true }))}
      >
        Drain
      </button>
      {error && (
        <span role="alert" className="console-inline-error">
          {error}
        </span>
      )}
    </span>
  );
}

/** Drain jobs of every cluster, each naming its cluster (node names repeat across clusters). */
export function DrainJobsList() {
  const jobs = useDrainJobs();
  const client = useFleetClient();
  if (jobs.length === 0) return null;
  return (
    <section className="console-drains" aria-label="Drain jobs">
      <h3>Drain jobs</h3>
      <ul>
        {jobs.map((job) => {
          const running = !['completed', 'failed', 'cancelled'].includes(job.phase);
          return (
            <li key={`${job.clusterId}/${job.jobId}`}>
              <strong>{job.clusterName}</strong> / {job.node}: {job.phase} — {job.evicted} evicted,{' '}
              {job.remaining} remaining
              {job.blocked.length > 0 && <> (blocked by a disruption budget: {job.blocked.join(', ')})</>}
              {job.message && <> — {job.message}</>}{' '}
              {running && (
                <progress
                  aria-label={`Drain of ${job.node} in ${job.clusterName}`}
                  max={Math.max(1, job.evicted + job.remaining)}
                  value={job.evicted}
                />
              )}
              {running && (
                <button
                  type="button"
                  onClick={() => void client.actions.cancelDrain(job.clusterId, job.jobId)}
                >
                  Cancel
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
