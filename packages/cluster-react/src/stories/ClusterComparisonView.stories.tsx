import {
  authFailedFleet,
  degradedFleet,
  emptyFleet,
  FixtureFleetClient,
  generateClusters,
  generatePods,
  healthyFleet,
  partialFleet,
  recoveringFleet,
} from '@flotilla/cluster-testkit/fixtures';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { ClusterComparisonView } from '../components/ClusterComparisonView';
import { Frame, withFleet } from './fixture-story';

const meta = {
  title: 'Components/ClusterComparisonView',
  component: ClusterComparisonView,
  args: { query: { kind: 'pods' } },
  render: (args) => (
    <Frame width={760}>
      <ClusterComparisonView {...args} />
    </Frame>
  ),
  decorators: [withFleet(() => healthyFleet())],
} satisfies Meta<typeof ClusterComparisonView>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Pods per cluster by phase, and the fleet's version skew (one OpenShift cluster, three minors). */
export const Distribution: Story = {};

export const Deployments: Story = { args: { query: { kind: 'deployments' } } };

/** `staging` failed to list pods: its row shows the error, not an empty bar. */
export const Partial: Story = { decorators: [withFleet(() => partialFleet())] };

/** `prod-us` lost its credentials while listing pods. */
export const AuthFailed: Story = { decorators: [withFleet(() => authFailedFleet())] };

/** `prod-us` is degraded (slow, readiness failing) but still lists its pods. */
export const Degraded: Story = { decorators: [withFleet(() => degradedFleet())] };

/** `prod-us` is recovering its credentials; its last known pods are still compared. */
export const Recovering: Story = { decorators: [withFleet(() => recoveringFleet())] };

/** A cluster id the fleet does not know is that cluster's error, never a bar of zero. */
export const UnknownClusterInQuery: Story = {
  args: { query: { kind: 'pods', clusters: ['prod-eu', 'ghost'] } },
};

/** No clusters at all. */
export const Empty: Story = { decorators: [withFleet(() => emptyFleet())] };

/** One deployment compared across clusters, field by field. */
export const ObjectDiff: Story = {
  args: { query: { kind: 'deployments', name: 'web', namespace: 'default' } },
  decorators: [
    withFleet(() => {
      const fleet = new FixtureFleetClient({
        clusters: [{ id: 'prod-eu' }, { id: 'prod-us' }, { id: 'staging' }],
      });
      const web = (replicas: number, image: string) => ({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
        spec: { replicas, template: { spec: { containers: [{ name: 'web', image }] } } },
        status: { readyReplicas: replicas },
      });
      fleet.setResources('prod-eu', 'deploy', [web(3, 'web:1.4.2')]);
      fleet.setResources('prod-us', 'deploy', [web(5, 'web:1.4.2')]);
      fleet.setResources('staging', 'deploy', [web(1, 'web:1.5.0-rc1')]);
      return { fleet };
    }),
  ],
};

/** Twelve clusters across three Kubernetes minors. */
export const VersionSkew: Story = {
  decorators: [
    withFleet(() => {
      const { clusters, groups } = generateClusters(12);
      const fleet = new FixtureFleetClient({ clusters });
      clusters.forEach((c, i) => fleet.setResources(c.id, 'pods', generatePods(10 + i * 7, { seed: i })));
      return { fleet, groups };
    }),
  ],
};

export const NothingToCompare: Story = { args: { query: null } };

export const Dark: Story = { globals: { theme: 'dark' }, decorators: [withFleet(() => partialFleet())] };
