import {
  ClusterManager,
  createFleet,
  createLocalFleetClient,
  type FleetClient,
} from '@flotilla/cluster-core';
import { KubeconfigSync } from '@flotilla/cluster-core/node';
import { startSimulatedFleet, type SimulatedFleet } from '@flotilla/cluster-testkit';
import { render, screen, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterSwitcher } from '../components/ClusterSwitcher';
import { FleetResourceTable } from '../components/FleetResourceTable';
import { FlotillaProvider } from '../provider/FlotillaProvider';

// The kit against the real in-process client over HTTPS to simulated clusters: what a console sees
// when one cluster's credentials stop working while the others keep serving.
const WAIT = { timeout: 15_000, interval: 50 };

let fleet: SimulatedFleet;
let manager: ClusterManager;
let sync: KubeconfigSync;
let client: FleetClient;

beforeAll(async () => {
  fleet = await startSimulatedFleet({
    clusters: 3,
    podsPerCluster: 4,
    clusterDefaults: { bookmarkIntervalMs: 300 },
  });
  manager = new ClusterManager({
    session: {
      heartbeat: { intervalMs: 200, timeoutMs: 400, jitter: 0.1 },
      authRecovery: {
        authRetryDelaysMs: [0, 150, 300, 450],
        steadyReprobeMs: 1000,
        connectivityReprobeMs: 500,
        probeTimeoutMs: 1000,
      },
      informers: { backoff: { initialMs: 50, maxMs: 500 }, idleTimeoutMs: 3000 },
    },
  });
  sync = await KubeconfigSync.start(manager, {
    kubeconfig: fleet.kubeconfigPath,
    transport: { requestTimeoutMs: 2000, connectTimeoutMs: 1000 },
  });
  client = createLocalFleetClient(manager, {
    fleet: createFleet(manager, { discovery: { requestTimeoutMs: 1500 }, timeoutMs: 5000 }),
    resolveBackoff: { initialMs: 100, maxMs: 1000 },
    inventoryIntervalMs: 500,
  });
}, 30_000);

afterAll(async () => {
  client?.close();
  sync?.close();
  manager?.dispose();
  await fleet?.stop();
});

const option = (name: string) => screen.getByRole('option', { name: new RegExp(`^${name}\\b`) });
const rowClusters = () =>
  new Set(
    screen
      .getAllByRole('row')
      .filter((row) => row.classList.contains('flotilla-table__row'))
      .map((row) => row.dataset['clusterId']),
  );

describe('cluster-react over a live simulated fleet', () => {
  it('shows one cluster failing auth while the others keep their status and rows', async () => {
    render(
      <FlotillaProvider client={client}>
        <ClusterSwitcher />
        <FleetResourceTable query={{ kind: 'pods' }} />
      </FlotillaProvider>,
    );
    const [one, two, three] = fleet.clusters;
    if (!one || !two || !three) throw new Error('expected three simulated clusters');
    const idOf = (name: string) => manager.list().find((s) => s.clusterName === name)?.clusterId;

    await waitFor(() => expect(rowClusters().size).toBe(3), WAIT);
    await waitFor(() => expect(option(two.name).textContent).toContain('Healthy'), WAIT);
    expect(screen.getAllByRole('option').filter((o) => o.getAttribute('aria-selected') === 'true')).toEqual(
      [],
    );

    two.faults.revokeToken('admin');
    two.faults.cutWatches();
    await waitFor(() => expect(option(two.name).textContent).toMatch(/Auth failed|Recovering auth/), WAIT);
    expect(option(one.name).textContent).toContain('Healthy');
    expect(option(three.name).textContent).toContain('Healthy');
    // Its rows stay as the last known ones, flagged by its own status row and the partial marker.
    await waitFor(
      () => expect(document.querySelector('.flotilla-partial')?.textContent).toContain(two.name),
      WAIT,
    );
    const statusRows = screen
      .getAllByRole('row')
      .filter((row) => row.classList.contains('flotilla-table__status-row'));
    expect(statusRows.some((row) => row.textContent?.startsWith(two.name))).toBe(true);
    expect(rowClusters()).toEqual(new Set([idOf(one.name), idOf(two.name), idOf(three.name)]));

    two.faults.restoreToken('admin');
    await waitFor(() => expect(option(two.name).textContent).toContain('Healthy'), WAIT);
    await waitFor(() => expect(document.querySelector('.flotilla-partial')).toBeNull(), WAIT);
    expect(manager.activeClusterId).toBeNull();
  }, 40_000);
});
