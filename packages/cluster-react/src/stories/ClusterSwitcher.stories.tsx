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
import { useState } from 'react';
import { ClusterStatusIndicator } from '../components/ClusterStatusIndicator';
import { ClusterSwitcher, type ClusterSwitcherProps } from '../components/ClusterSwitcher';
import { Frame, withFleet } from './fixture-story';

const meta = {
  title: 'Components/ClusterSwitcher',
  component: ClusterSwitcher,
  render: (args) => (
    <Frame>
      <ClusterSwitcher {...args} />
    </Frame>
  ),
  decorators: [withFleet(() => healthyFleet())],
} satisfies Meta<typeof ClusterSwitcher>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Three healthy clusters grouped by environment; `prod-eu` is the fleet's active cluster. */
export const Healthy: Story = {};

export const Degraded: Story = { decorators: [withFleet(() => degradedFleet())] };

export const AuthFailed: Story = { decorators: [withFleet(() => authFailedFleet())] };

export const Recovering: Story = { decorators: [withFleet(() => recoveringFleet())] };

/** `prod-us` flaps between healthy and degraded every 3 s (updates over time). */
export const Flapping: Story = { decorators: [withFleet(() => flappingFleet())] };

/** 500 clusters in mixed states, grouped by environment; the list is virtualized. */
export const FiveHundredClusters: Story = { decorators: [withFleet(() => largeFleet(500))] };

export const Ungrouped: Story = { args: { groups: false } };

export const Tabs: Story = { args: { variant: 'tabs' } };

export const Empty: Story = { decorators: [withFleet(() => emptyFleet())] };

function ControlledSwitcher(props: ClusterSwitcherProps) {
  const [value, setValue] = useState<string | null>('staging');
  return (
    <Frame>
      <ClusterSwitcher {...props} value={value} onValueChange={setValue} />
      <p>Selected: {value ?? 'none'}</p>
    </Frame>
  );
}

/** The console owns the selection; the fleet's active cluster is left alone. */
export const Controlled: Story = { render: (args) => <ControlledSwitcher {...args} /> };

/** A controlled value the fleet does not know (removed, or not loaded yet): nothing is shown selected. */
export const UnknownCluster: Story = { args: { value: 'ghost' } };

/** Selecting switches the active cluster, which the indicator follows. */
export const WithIndicator: Story = {
  render: (args) => (
    <Frame>
      <ClusterStatusIndicator />
      <div style={{ height: 12 }} />
      <ClusterSwitcher {...args} />
    </Frame>
  ),
  decorators: [withFleet(() => largeFleet(40))],
};

export const Dark: Story = { globals: { theme: 'dark' }, decorators: [withFleet(() => authFailedFleet())] };
