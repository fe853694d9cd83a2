import {
  authFailedFleet,
  degradedFleet,
  emptyFleet,
  flappingFleet,
  healthyFleet,
  largeFleet,
  recoveringFleet,
} from '@flotilla/cluster-testkit/fixtures';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { FleetHealthGrid } from '../components/FleetHealthGrid';
import { withFleet } from './fixture-story';

const meta = {
  title: 'Components/FleetHealthGrid',
  component: FleetHealthGrid,
  decorators: [withFleet(() => healthyFleet())],
} satisfies Meta<typeof FleetHealthGrid>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Healthy: Story = {};
export const Degraded: Story = { decorators: [withFleet(() => degradedFleet())] };
export const AuthFailed: Story = { decorators: [withFleet(() => authFailedFleet())] };
export const Recovering: Story = { decorators: [withFleet(() => recoveringFleet())] };
export const Flapping: Story = { decorators: [withFleet(() => flappingFleet())] };

/** 500 clusters in mixed states; failing clusters first. */
export const FiveHundredClusters: Story = {
  args: { order: 'severity', cellWidth: 140 },
  decorators: [withFleet(() => largeFleet(500))],
};

/** A controlled value naming a cluster the fleet does not know: nothing is shown selected. */
export const UnknownCluster: Story = { args: { value: 'ghost' } };

export const Empty: Story = { decorators: [withFleet(() => emptyFleet())] };

export const Dark: Story = {
  args: { order: 'severity' },
  globals: { theme: 'dark' },
  decorators: [withFleet(() => largeFleet(60))],
};
