import { useClusterPreference, useClusterConnection } from '@flotilla/cluster-react';
import { useId } from 'react';

/**
 * Preferences of one cluster, kept in this browser under keys namespaced by the cluster id, so a
 * colour or group set for one cluster never shows up on another.
 */
export function ClusterSettings({ clusterId }: { clusterId: string }) {
  const [colour, setColour] = useClusterPreference(clusterId, 'cluster:colour', null);
  const [groups, setGroups] = useClusterPreference(clusterId, 'cluster:groups', [] as string[]);
  const [namespace, setNamespace] = useClusterPreference(clusterId, 'cluster:default-namespace', null);
  const connection = useClusterConnection(clusterId);
  const ids = { colour: useId(), group: useId(), namespace: useId() };
  return (
    <section className="console-settings" aria-label="Cluster preferences">
      <h3>Preferences for this cluster</h3>
      <label htmlFor={ids.colour}>Colour</label>
      <input
        id={ids.colour}
        type="color"
        value={colour ?? '#2563eb'}
        onChange={(event) => setColour(event.target.value)}
      />
      <label htmlFor={ids.group}>Group</label>
      <input
        id={ids.group}
        type="text"
        placeholder="e.g. production"
        value={groups[0] ?? ''}
        onChange={(event) => setGroups(event.target.value ? [event.target.value] : [])}
      />
      <label htmlFor={ids.namespace}>Default namespace</label>
      <input
        id={ids.namespace}
        type="text"
        placeholder="all namespaces"
        value={namespace ?? ''}
        onChange={(event) => setNamespace(event.target.value || null)}
      />
      {connection.status !== 'known' ? null : (
        <div className="console-settings-actions">
          {connection.state === 'idle' ? (
            <button type="button" onClick={() => void connection.connect()}>
              Connect
            </button>
          ) : (
            <button type="button" onClick={() => void connection.disconnect()}>
              Disconnect
            </button>
          )}
        </div>
      )}
    </section>
  );
}
