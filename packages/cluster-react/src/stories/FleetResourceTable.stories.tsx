import {
  authFailedFleet,
  degradedFleet,
  emptyFleet,
  generatePods,
  healthyFleet,
  largeFleet,
  manyRowsFleet,
  partialFleet,
  recoveringFleet,
} from '@flotilla/cluster-testkit/fixtures';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { FleetResourceTable } from '../components/FleetResourceTable';
import { useFleetClient } from '../hooks/use-fleet-client';
import { withFleet } from './fixture-story';

const meta = {
  title: 'Components/FleetResourceTable',
  component: FleetResourceTable,
  args: { query: { kind: 'pods' }, height: 420 },
  decorators: [withFleet(() => healthyFleet())],
} satisfies Meta<typeof FleetResourceTable>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Pods: Story = {};
export const Deployments: Story = { args: { query: { kind: 'deployments' } } };
export const Nodes: Story = { args: { query: { kind: 'nodes' } } };
export const Events: Story = { args: { query: { kind: 'events' } } };

/** `staging` refuses to list pods: its error is inline, the others' rows are there, marked partial. */
export const Partial: Story = { decorators: [withFleet(() => partialFleet())] };

export const PartialGroupedByCluster: Story = {
  args: { defaultGroupBy: 'cluster' },
  decorators: [withFleet(() => partialFleet())],
};

/** `prod-us` lost its credentials: its last known rows stay, flagged by its error row. */
export const AuthFailedCluster: Story = { decorators: [withFleet(() => authFailedFleet())] };

/** A cluster id the fleet does not know is that cluster's error, not a silent empty. */
export const UnknownClusterInQuery: Story = {
  args: { query: { kind: 'pods', clusters: ['prod-eu', 'ghost'] } },
};

/** `prod-us` answers slowly and fails its readiness check; its rows are still listed. */
export const Degraded: Story = { decorators: [withFleet(() => degradedFleet())] };

/** `prod-us` is recovering its credentials (attempt 2 of 4); its rows stay until it answers again. */
export const Recovering: Story = { decorators: [withFleet(() => recoveringFleet())] };

/**
 * 500 clusters in mixed states, 20 pods each: every cluster whose credentials failed is its own
 * error row above the others' rows.
 */
export const FiveHundredClusters: Story = {
  decorators: [
    withFleet(() => {
      const scenario = largeFleet(500);
      scenario.fleet.getSnapshot().clusters.forEach((cluster, i) => {
        scenario.fleet.setResources(cluster.clusterId, 'pods', generatePods(20, { seed: i + 1 }));
        if (cluster.auth === 'invalid')
          scenario.fleet.failResources(cluster.clusterId, 'pods', {
            kind: 'auth',
            status: 401,
            message: 'Unauthorized: token expired',
          });
      });
      return scenario;
    }),
  ],
};

export const GroupedByNamespace: Story = { args: { defaultGroupBy: 'namespace' } };

/** 100 000 pods across five clusters; only the visible rows are in the DOM. */
export const HundredThousandRows: Story = { decorators: [withFleet(() => manyRowsFleet(100_000))] };

export const Empty: Story = { decorators: [withFleet(() => emptyFleet())] };

export const NoQuery: Story = { args: { query: null } };

function DeleteButton({
  clusterId,
  name,
  namespace,
}: {
  clusterId: string;
  name: string;
  namespace?: string;
}) {
  const client = useFleetClient();
  return (
    <button
      type="button"
      className="flotilla-button"
      onClick={() => void client.actions.delete(clusterId, 'pods', name, namespace)}
    >
      Delete
    </button>
  );
}

/** Row selection and a row-actions slot; every action names the row's cluster. */
export const SelectableWithActions: Story = {
  args: {
    selectable: true,
    renderRowActions: (item) => (
      <DeleteButton
        clusterId={item.clusterId}
        name={item.object.metadata.name}
        namespace={item.object.metadata.namespace}
      />
    ),
  },
};

export const Dark: Story = { globals: { theme: 'dark' }, decorators: [withFleet(() => partialFleet())] };
