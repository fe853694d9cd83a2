import {
  ClusterAuthNotice,
  ClusterStatusIndicator,
  ClusterSwitcher,
  useClusters,
  useFleetLink,
} from '@flotilla/cluster-react';
import { useId, useState } from 'react';
import type { DemoConfig } from './demo-config';
import { ChaosPanel } from './panels/ChaosPanel';
import { ComparePanel } from './panels/ComparePanel';
import { ExportPanel } from './panels/ExportPanel';
import { OverviewPanel } from './panels/OverviewPanel';
import { ResourcesPanel, RESOURCE_TABS, type ResourceTab } from './panels/ResourcesPanel';
import { Tabs } from './Tabs';
import { useClusterGroups } from './use-cluster-groups';

type Tab = 'overview' | ResourceTab | 'compare' | 'export' | 'chaos';

const TAB_LABELS: Record<Tab, string> = {
  overview: 'Overview',
  pods: 'Pods',
  deployments: 'Deployments',
  nodes: 'Nodes',
  events: 'Events',
  compare: 'Compare',
  export: 'Export',
  chaos: 'Chaos',
};

export function App({ config, token }: { config: DemoConfig; token: string }) {
  const clusters = useClusters();
  const link = useFleetLink();
  const groups = useClusterGroups(config.groups);
  const [tab, setTab] = useState<Tab>('overview');
  const panelId = useId();
  const tabs: Tab[] = [
    'overview',
    ...RESOURCE_TABS,
    'compare',
    'export',
    ...(config.simulated ? (['chaos'] as const) : []),
  ];
  const authProblems = clusters.filter((c) => c.auth === 'invalid' || c.auth === 'recovering');

  return (
    <div className="console">
      <header className="console-header">
        <h1>Flotilla</h1>
        <span className="console-subtitle">{config.simulated ? 'simulated fleet' : 'your clusters'}</span>
        <ClusterStatusIndicator className="console-indicator" emptyLabel="No cluster selected" />
        <span
          className={`console-link console-link-${link.state}`}
          role="status"
          aria-label="Server connection"
        >
          {link.state === 'open' ? 'live' : link.state}
        </span>
      </header>
      <div className="console-body">
        <nav className="console-sidebar" aria-label="Clusters">
          <ClusterSwitcher label="Clusters" groups={groups} maxHeight={520} />
        </nav>
        <main className="console-main">
          {authProblems.length > 0 && (
            <section className="console-notices" aria-label="Authentication problems">
              {authProblems.map((cluster) => (
                <ClusterAuthNotice key={cluster.clusterId} clusterId={cluster.clusterId} />
              ))}
            </section>
          )}
          <Tabs
            label="Views"
            tabs={tabs.map((id) => ({ id, label: TAB_LABELS[id] }))}
            value={tab}
            onValueChange={(id) => setTab(id as Tab)}
            panelId={panelId}
          />
          <div id={panelId} role="tabpanel" aria-label={TAB_LABELS[tab]} className="console-panel">
            {tab === 'overview' && <OverviewPanel />}
            {(RESOURCE_TABS as readonly string[]).includes(tab) && (
              <ResourcesPanel kind={tab as ResourceTab} />
            )}
            {tab === 'compare' && <ComparePanel />}
            {tab === 'export' && <ExportPanel />}
            {tab === 'chaos' && <ChaosPanel token={token} />}
          </div>
        </main>
      </div>
    </div>
  );
}
