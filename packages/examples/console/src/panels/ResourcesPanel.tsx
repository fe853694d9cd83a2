import type { FleetStoreItem, ResourceQuery } from '@flotilla/cluster-core';
import { FleetResourceTable, useActiveClusterId } from '@flotilla/cluster-react';
import { useDeferredValue, useId, useMemo, useState } from 'react';
import { DrainJobsList, NodeActions } from './NodeActions';
import { PodLogsPanel, type LogTarget } from './PodLogsPanel';

export const RESOURCE_TABS = ['pods', 'deployments', 'nodes', 'events'] as const;
export type ResourceTab = (typeof RESOURCE_TABS)[number];

const NAMESPACED: Record<ResourceTab, boolean> = {
  pods: true,
  deployments: true,
  nodes: false,
  events: true,
};

/** One kind across the fleet, with namespace, label and cluster filters. */
export function ResourcesPanel({ kind }: { kind: ResourceTab }) {
  const active = useActiveClusterId();
  const [namespace, setNamespace] = useState('');
  const [labels, setLabels] = useState('');
  const [onlyActive, setOnlyActive] = useState(false);
  const [logTarget, setLogTarget] = useState<LogTarget | null>(null);
  // Typing a selector re-opens the view once the typing settles, not on every keystroke.
  const deferredLabels = useDeferredValue(labels.trim());
  const deferredNamespace = useDeferredValue(namespace.trim());
  const ids = { namespace: useId(), labels: useId(), scope: useId() };

  const query = useMemo<ResourceQuery>(
    () => ({
      kind,
      ...(NAMESPACED[kind] && deferredNamespace ? { namespace: deferredNamespace } : {}),
      ...(deferredLabels ? { labelSelector: deferredLabels } : {}),
      ...(onlyActive && active ? { clusters: [active] } : {}),
    }),
    [kind, deferredNamespace, deferredLabels, onlyActive, active],
  );

  const rowActions = (item: FleetStoreItem) => {
    if (kind === 'nodes') return <NodeActions item={item} />;
    if (kind === 'pods')
      return (
        <button
          type="button"
          onClick={() =>
            setLogTarget({
              clusterId: item.clusterId,
              clusterName: item.clusterName,
              namespace: item.object.metadata.namespace ?? 'default',
              pod: item.object.metadata.name,
            })
          }
        >
          Logs
        </button>
      );
    return null;
  };

  return (
    <div className="console-resources">
      <div className="console-filters" role="group" aria-label="Filters">
        {NAMESPACED[kind] && (
          <>
            <label htmlFor={ids.namespace}>Namespace</label>
            <input
              id={ids.namespace}
              type="text"
              placeholder="all namespaces"
              value={namespace}
              onChange={(event) => setNamespace(event.target.value)}
            />
          </>
        )}
        <label htmlFor={ids.labels}>Labels</label>
        <input
          id={ids.labels}
          type="text"
          placeholder="app=web,tier!=db"
          value={labels}
          onChange={(event) => setLabels(event.target.value)}
        />
        <label className="console-check" htmlFor={ids.scope}>
          <input
            id={ids.scope}
            type="checkbox"
            checked={onlyActive}
            disabled={!active}
            onChange={(event) => setOnlyActive(event.target.checked)}
          />
          Active cluster only
        </label>
      </div>
      <FleetResourceTable
        key={kind}
        query={query}
        label={`${kind} across clusters`}
        height={440}
        renderRowActions={kind === 'nodes' || kind === 'pods' ? rowActions : undefined}
        rowActionsWidth={kind === 'nodes' ? '11rem' : '5rem'}
      />
      {kind === 'nodes' && <DrainJobsList />}
      {kind === 'pods' && logTarget && <PodLogsPanel target={logTarget} onClose={() => setLogTarget(null)} />}
    </div>
  );
}
