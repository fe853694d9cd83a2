import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ClusterComparisonView } from '../components/ClusterComparisonView';
import { ClusterMetadataPanel } from '../components/ClusterMetadataPanel';
import { FleetHealthGrid } from '../components/FleetHealthGrid';
import { fixtureFleet, renderWithFleet } from './render';

const pod = (name: string, phase: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  status: { phase },
});

describe('ClusterComparisonView', () => {
  it('charts each cluster’s objects by status, and a failed cluster as its error, never as zero', () => {
    const { fleet, clock } = fixtureFleet({
      clusters: [{ id: 'a' }, { id: 'b', metadata: { kubernetesVersion: 'v1.29.2' } }, { id: 'c' }],
    });
    fleet.setResources('a', 'pods', [pod('x', 'Running'), pod('y', 'Running'), pod('z', 'Failed')]);
    fleet.setResources('b', 'pods', [pod('x', 'Pending')]);
    fleet.failResources('c', 'pods', { kind: 'timeout', message: 'list timed out' });
    renderWithFleet(<ClusterComparisonView query={{ kind: 'pods' }} />, { fleet, clock });
    const region = screen.getByRole('region', { name: 'Compare pods across clusters' });
    const chart = within(region).getByRole('img', { name: /per cluster/ });
    expect(chart.getAttribute('aria-label')).toBe(
      'pods per cluster. a: 3 (Running 2, Failed 1); b: 1 (Pending 1); c: failed ([c] list timed out).',
    );
    expect(chart.querySelector('[data-cluster-id="c"]')?.textContent).toBe('cerror: [c] list timed out');
    expect(chart.querySelectorAll('[data-cluster-id="c"] rect')).toHaveLength(0);
    expect(within(region).getByRole('status').textContent).toContain('c (error)');
    expect(within(region).getByRole('list', { name: 'Legend' }).textContent).toBe('RunningPendingFailed');
  });

  it('shows version skew with the clusters behind the newest minor', () => {
    const { fleet, clock } = fixtureFleet({
      clusters: [
        { id: 'a' },
        { id: 'b', metadata: { kubernetesVersion: 'v1.29.2' } },
        { id: 'n', metadata: { kubernetesVersion: null } },
      ],
    });
    renderWithFleet(<ClusterComparisonView query={{ kind: 'pods' }} />, { fleet, clock });
    expect(screen.getByText(/Minor version skew: 2 \(v1\.29\.2 to v1\.31\.4\)/)).toBeDefined();
    const table = screen.getByRole('table', { name: 'Versions by cluster' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.textContent);
    expect(rows).toEqual([
      'av1.31.4kubernetesnewest',
      'bv1.29.2kubernetesbehind newest',
      'nunknownkubernetesunknown',
    ]);
  });

  it('diffs a named object across clusters', () => {
    const { fleet, clock } = fixtureFleet({ clusters: [{ id: 'a' }, { id: 'b' }] });
    const deploy = (replicas: number) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: { replicas },
    });
    fleet.setResources('a', 'deploy', [deploy(3)]);
    fleet.setResources('b', 'deploy', [deploy(5)]);
    renderWithFleet(
      <ClusterComparisonView query={{ kind: 'deployments', name: 'web', namespace: 'default' }} />,
      { fleet, clock },
    );
    const table = screen.getByRole('table', { name: /default\/web: 1 differing fields/ });
    expect(within(table).getAllByRole('row')[1]?.textContent).toBe('spec.replicas35');
  });

  it('says there is nothing to compare while the query is null', () => {
    const { fleet } = fixtureFleet({ clusters: [{ id: 'a' }] });
    renderWithFleet(<ClusterComparisonView query={null} />, { fleet });
    expect(screen.getByRole('region').textContent).toContain('Nothing to compare yet.');
    expect(fleet.calls.to('comparison')).toEqual([]);
  });
});

describe('ClusterMetadataPanel', () => {
  it('lists version, platform, health, latency, nodes, capacity and pods', () => {
    const { fleet, clock } = fixtureFleet({
      clusters: [
        {
          id: 'os',
          name: 'openshift-lab',
          latencyMs: 40,
          metadata: {
            platform: 'openshift',
            openshiftVersion: '4.16.9',
            insecureSkipTLSVerify: true,
            nodes: { ready: 5, total: 6 },
            allocatable: { cpu: 24, memory: 96 * 1024 ** 3 },
            pods: 311,
          },
        },
      ],
    });
    renderWithFleet(<ClusterMetadataPanel clusterId="os" />, { fleet, clock });
    const panel = screen.getByRole('region', { name: 'openshift-lab' });
    const terms = [...panel.querySelectorAll('dt')].map(
      (dt) => `${dt.textContent}=${dt.nextElementSibling?.textContent}`,
    );
    expect(terms).toEqual([
      'Status=Healthy',
      'Kubernetes=v1.31.4',
      'Platform=OpenShift 4.16.9',
      'Server=https://os.fixture.invalid:6443',
      'TLS verification=off (insecure)',
      'Connection=connected',
      'Auth=valid',
      'Health=healthy',
      'Latency (p50 / p95)=40 ms / 60 ms',
      'Nodes ready=5 / 6',
      'Allocatable CPU=24 cores',
      'Allocatable memory=96.0 GiB',
      'Pods=311',
      'Last seen=0s ago',
    ]);
  });

  it('says unknown for what a cluster has not reported, and for an unknown id', () => {
    const { fleet, clock } = fixtureFleet({
      clusters: [{ id: 'new', metadata: { nodes: null, allocatable: null, pods: null } }],
    });
    renderWithFleet(
      <>
        <ClusterMetadataPanel clusterId="new" />
        <ClusterMetadataPanel clusterId="ghost" />
      </>,
      { fleet, clock },
    );
    expect(screen.getByRole('region', { name: 'new' }).textContent).toContain('Nodes readyunknown');
    expect(screen.getByRole('region', { name: 'Unknown cluster' }).textContent).toContain(
      'No cluster with id “ghost”',
    );
  });
});

describe('FleetHealthGrid', () => {
  it('shows every cluster with its status and lets keyboard users move and select', async () => {
    const { fleet, clock } = fixtureFleet({ clusters: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] });
    fleet.failAuth('b');
    const onValueChange = vi.fn();
    renderWithFleet(<FleetHealthGrid defaultValue={null} onValueChange={onValueChange} />, { fleet, clock });
    const grid = screen.getByRole('listbox', { name: 'Cluster health' });
    const cells = within(grid).getAllByRole('option');
    expect(cells.map((cell) => cell.textContent)).toEqual([
      'aHealthy— · 3/3 nodes',
      'bAuth failed— · 3/3 nodes',
      'cHealthy— · 3/3 nodes',
    ]);
    expect(cells.map((cell) => cell.getAttribute('tabindex'))).toEqual(['0', '-1', '-1']);
    expect(cells.filter((cell) => cell.getAttribute('aria-selected') === 'true')).toEqual([]);
    const user = userEvent.setup();
    act(() => cells[0]?.focus());
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(cells[1]);
    await user.keyboard('{End}');
    expect(document.activeElement).toBe(cells[2]);
    expect(onValueChange).not.toHaveBeenCalled();
    await user.keyboard('{Enter}');
    expect(onValueChange).toHaveBeenCalledWith('c');
    expect(cells[2]?.getAttribute('aria-selected')).toBe('true');
    expect(fleet.calls.to('setActive')).toEqual([]);
  });

  it('orders failing clusters first when asked, and selects the active cluster when bound to the fleet', async () => {
    const { fleet, clock } = fixtureFleet({ clusters: [{ id: 'a' }, { id: 'b' }] });
    fleet.failAuth('b');
    renderWithFleet(<FleetHealthGrid order="severity" />, { fleet, clock });
    const cells = screen.getAllByRole('option');
    expect(cells.map((cell) => cell.dataset['clusterId'])).toEqual(['b', 'a']);
    await userEvent.setup().click(cells[1] as HTMLElement);
    expect(fleet.calls.clusters('setActive')).toEqual(['a']);
  });
});
