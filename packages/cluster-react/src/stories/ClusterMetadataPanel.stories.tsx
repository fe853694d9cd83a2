import {
  authFailedFleet,
  degradedFleet,
  FixtureFleetClient,
  healthyFleet,
  recoveringFleet,
} from '@flotilla/cluster-testkit/fixtures';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { ClusterMetadataPanel } from '../components/ClusterMetadataPanel';
import { Frame, withFleet } from './fixture-story';

const meta = {
  title: 'Components/ClusterMetadataPanel',
  component: ClusterMetadataPanel,
  args: { clusterId: 'prod-eu' },
  render: (args) => (
    <Frame width={440}>
      <ClusterMetadataPanel {...args} />
    </Frame>
  ),
  decorators: [withFleet(() => healthyFleet())],
} satisfies Meta<typeof ClusterMetadataPanel>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Kubernetes: Story = {};

export const OpenShift: Story = { args: { clusterId: 'staging' } };

export const AuthFailed: Story = {
  args: { clusterId: 'prod-us' },
  decorators: [withFleet(() => authFailedFleet())],
};

/** Slow answers and a failing readiness check: latency p50 / p95 and the last error tell why. */
export const Degraded: Story = {
  args: { clusterId: 'prod-us' },
  decorators: [withFleet(() => degradedFleet())],
};

/** Recovering credentials: attempt 2 of 4. */
export const Recovering: Story = {
  args: { clusterId: 'prod-us' },
  decorators: [withFleet(() => recoveringFleet())],
};

/** TLS verification off, and nothing reported yet beyond the server address. */
export const InsecureNotYetReported: Story = {
  args: { clusterId: 'lab' },
  decorators: [
    withFleet(() => ({
      fleet: new FixtureFleetClient({
        clusters: [
          {
            id: 'lab',
            connection: 'connecting',
            auth: 'unknown',
            health: 'unknown',
            metadata: {
              server: 'https://10.0.0.5:6443',
              insecureSkipTLSVerify: true,
              kubernetesVersion: null,
              platform: 'unknown',
              nodes: null,
              allocatable: null,
              pods: null,
            },
          },
        ],
      }),
    })),
  ],
};

export const UnknownCluster: Story = { args: { clusterId: 'ghost' } };

export const Dark: Story = {
  args: { clusterId: 'prod-us' },
  globals: { theme: 'dark' },
  decorators: [withFleet(() => authFailedFleet())],
};
