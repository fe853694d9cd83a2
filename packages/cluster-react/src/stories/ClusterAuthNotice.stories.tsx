import { authFailedFleet, healthyFleet, recoveringFleet } from '@flotilla/cluster-testkit/fixtures';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { ClusterAuthNotice } from '../components/ClusterAuthNotice';
import { Frame, withFleet } from './fixture-story';

const meta = {
  title: 'Components/ClusterAuthNotice',
  component: ClusterAuthNotice,
  args: { clusterId: 'prod-us' },
  render: (args) => (
    <Frame width={520}>
      <ClusterAuthNotice {...args} />
    </Frame>
  ),
  decorators: [withFleet(() => authFailedFleet())],
} satisfies Meta<typeof ClusterAuthNotice>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Attempts used up; a live countdown to the next automatic probe. Retry starts attempt 1 now. */
export const AuthFailedWithCountdown: Story = {};

/** Attempt 2 of 4, the next probe in 5 s. */
export const Recovering: Story = { decorators: [withFleet(() => recoveringFleet())] };

/** Retry recovers the credentials immediately. */
export const RetryRecovers: Story = {
  decorators: [withFleet(() => authFailedFleet({ client: { retryAuth: 'recovered' } }))],
};

/** The retry request itself fails (e.g. the bridge is down); the notice says so. */
export const RetryFails: Story = {
  decorators: [
    withFleet(() => {
      const scenario = authFailedFleet();
      scenario.fleet.failNext('retryAuth', 'prod-us', {
        kind: 'transport',
        clusterId: 'prod-us',
        message: '[prod-us] the fleet bridge is unreachable',
        retryable: true,
      });
      return scenario;
    }),
  ],
};

/** Valid credentials: the notice renders nothing. */
export const Healthy: Story = { decorators: [withFleet(() => healthyFleet())] };

export const UnknownCluster: Story = { args: { clusterId: 'ghost' } };

export const Dark: Story = { globals: { theme: 'dark' } };
