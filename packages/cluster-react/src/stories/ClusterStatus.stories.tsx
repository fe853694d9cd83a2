import {
  authFailedFleet,
  degradedFleet,
  emptyFleet,
  FixtureFleetClient,
  flappingFleet,
  healthyFleet,
  recoveringFleet,
} from '@flotilla/cluster-testkit/fixtures';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { ClusterStatusBadge } from '../components/ClusterStatusBadge';
import { ClusterStatusIndicator } from '../components/ClusterStatusIndicator';
import { withFleet } from './fixture-story';

/** The active cluster's status (`role="status"`, announced politely when it changes). */
const meta = {
  title: 'Components/ClusterStatusIndicator',
  component: ClusterStatusIndicator,
  decorators: [withFleet(() => healthyFleet())],
} satisfies Meta<typeof ClusterStatusIndicator>;

export default meta;
type Story = StoryObj<typeof meta>;

const activate =
  (id: string, make: () => { fleet: FixtureFleetClient; groups: Record<string, string> }) => () => {
    const scenario = make();
    void scenario.fleet.setActive(id);
    return scenario;
  };

export const Healthy: Story = {};
export const Degraded: Story = { decorators: [withFleet(activate('prod-us', degradedFleet))] };
export const AuthFailed: Story = { decorators: [withFleet(activate('prod-us', authFailedFleet))] };
export const Recovering: Story = { decorators: [withFleet(activate('prod-us', recoveringFleet))] };
/** The active cluster's health changes every 3 s. */
export const Flapping: Story = { decorators: [withFleet(activate('prod-us', flappingFleet))] };
export const NoneSelected: Story = {
  decorators: [
    withFleet(() => ({ fleet: new FixtureFleetClient({ clusters: [{ id: 'a' }, { id: 'b' }] }) })),
  ],
};
export const Empty: Story = { decorators: [withFleet(() => emptyFleet())] };
export const Dark: Story = {
  globals: { theme: 'dark' },
  decorators: [withFleet(activate('prod-us', authFailedFleet))],
};

/** Badges: any cluster by id, in every state, and an id the fleet does not know. */
export const Badges: Story = {
  render: () => (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
      {[
        'healthy',
        'degraded',
        'auth-failed',
        'recovering',
        'reconnecting',
        'disconnected',
        'idle',
        'ghost',
      ].map((id) => (
        <ClusterStatusBadge key={id} clusterId={id} />
      ))}
    </div>
  ),
  decorators: [
    withFleet(() => {
      const fleet = new FixtureFleetClient({
        clusters: [
          { id: 'healthy' },
          { id: 'degraded', health: 'degraded' },
          { id: 'auth-failed' },
          { id: 'recovering' },
          { id: 'reconnecting', connection: 'reconnecting' },
          { id: 'disconnected', connection: 'disconnected', health: 'unknown' },
          { id: 'idle', connection: 'idle', auth: 'unknown', health: 'unknown' },
        ],
      });
      fleet.failAuth('auth-failed');
      fleet.failAuth('recovering', { state: 'recovering', attempt: 2 });
      return { fleet };
    }),
  ],
};

export const BadgesDark: Story = { ...Badges, globals: { theme: 'dark' } };
