import { ClusterStatusBadge, useClusters } from '@flotilla/cluster-react';
import { useCallback, useEffect, useState } from 'react';

const ACTIONS: ReadonlyArray<{ action: string; label: string; help: string }> = [
  { action: 'revoke-token', label: 'Revoke token', help: 'every request answers 401' },
  { action: 'restore-token', label: 'Restore token', help: 'credentials work again' },
  { action: 'hang', label: 'Hang', help: 'accepts connections, never answers' },
  { action: 'refuse', label: 'Refuse', help: 'closes the listener' },
  { action: 'slow', label: 'Slow', help: '1.5 s ± 0.5 s per request' },
  { action: 'throttle', label: 'Throttle', help: '429 with Retry-After' },
  { action: 'cut-watches', label: 'Cut watches', help: 'ends every open watch' },
  { action: 'heal', label: 'Heal', help: 'clears every fault' },
];

interface ClusterFaults {
  name: string;
  faults: string[];
}

/** Breaks one simulated cluster at a time, so anyone can watch the others keep serving. */
export function ChaosPanel({ token }: { token: string }) {
  const clusters = useClusters();
  const [faults, setFaults] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string | null>(null);

  const call = useCallback(
    async (init?: RequestInit) => {
      const response = await fetch('/demo/chaos', {
        ...init,
        headers: { 'content-type': 'application/json', 'x-flotilla-token': token },
      });
      const body = (await response.json()) as unknown;
      if (!response.ok) throw new Error((body as { message?: string }).message ?? response.statusText);
      return body;
    },
    [token],
  );

  useEffect(() => {
    call()
      .then((state) =>
        setFaults(Object.fromEntries((state as ClusterFaults[]).map((c) => [c.name, c.faults]))),
      )
      .catch((e: unknown) => setError((e as Error).message));
  }, [call]);

  const apply = (cluster: string, action: string) => {
    setError(null);
    call({ method: 'POST', body: JSON.stringify({ cluster, action }) })
      .then((state) => setFaults((all) => ({ ...all, [cluster]: (state as ClusterFaults).faults })))
      .catch((e: unknown) => setError((e as Error).message));
  };

  return (
    <div className="console-chaos">
      <p className="console-hint">
        Break one simulated cluster and watch only that cluster suffer: the others keep listing, watching and
        answering.
      </p>
      {error && (
        <p role="alert" className="console-inline-error">
          {error}
        </p>
      )}
      <table className="console-chaos-table">
        <caption>Faults per cluster</caption>
        <thead>
          <tr>
            <th scope="col">Cluster</th>
            <th scope="col">State</th>
            <th scope="col">Faults</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {clusters.map((cluster) => (
            <tr key={cluster.clusterId} data-cluster={cluster.clusterName}>
              <th scope="row">{cluster.clusterName}</th>
              <td>
                <ClusterStatusBadge clusterId={cluster.clusterId} />
              </td>
              <td>{(faults[cluster.clusterName] ?? []).join(', ') || 'none'}</td>
              <td className="console-chaos-actions">
                {ACTIONS.map(({ action, label, help }) => (
                  <button
                    key={action}
                    type="button"
                    title={help}
                    aria-label={`${label} ${cluster.clusterName}`}
                    onClick={() => apply(cluster.clusterName, action)}
                  >
                    {label}
                  </button>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
