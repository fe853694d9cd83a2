/**
 * The component-test and Storybook snippets of docs/guides/testing-with-testkit.md, written against the
 * package entry points as a console's own tests would be. Keep them in step with the guide.
 */
import { ManualClock } from '@flotilla/cluster-core';
import {
  ClusterAuthNotice,
  FleetResourceTable,
  FlotillaProvider,
  useClusters,
} from '@flotilla/cluster-react';
import { FixtureFleetClient, authFailedFleet, generatePods } from '@flotilla/cluster-testkit/fixtures';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useEffect, useState, type ComponentType } from 'react';
import { describe, expect, it } from 'vitest';

/** A console's own component: an auth notice for every cluster that needs one. */
function AuthNotices() {
  const clusters = useClusters();
  return clusters.map((c) => <ClusterAuthNotice key={c.clusterId} clusterId={c.clusterId} />);
}

describe('docs/guides/testing-with-testkit.md', () => {
  it('retries only the cluster whose credentials failed', async () => {
    const clock = new ManualClock(Date.UTC(2025, 0, 15, 12, 0, 0));
    const fleet = new FixtureFleetClient({ clock, clusters: [{ id: 'prod-eu' }, { id: 'prod-us' }] });
    fleet.failAuth('prod-us', { reason: 'Unauthorized: token expired', retryInMs: 30_000 });

    render(
      <FlotillaProvider client={fleet} clock={clock}>
        <AuthNotices />
      </FlotillaProvider>,
    );
    const alert = screen.getByRole('alert', { name: 'Authentication failed for prod-us' });
    expect(alert.textContent).toContain('Unauthorized: token expired');
    act(() => clock.advance(5_000));
    expect(alert.textContent).toContain('Next automatic retry in 25 s.');

    await userEvent.setup().click(screen.getByRole('button', { name: 'Retry prod-us now' }));
    expect(fleet.calls.clusters('retryAuth')).toEqual(['prod-us']);
    expect(screen.queryByRole('alert', { name: /prod-eu/ })).toBeNull();
  });

  it('shows a failed cluster as failed, not as empty', () => {
    const fleet = new FixtureFleetClient({ clusters: [{ id: 'a' }, { id: 'b' }] });
    fleet.setResources('a', 'pods', generatePods(3, { seed: 1 }));
    fleet.failResources('b', 'pods', { kind: 'authz', status: 403, message: 'pods is forbidden' });

    render(
      <FlotillaProvider client={fleet}>
        <FleetResourceTable query={{ kind: 'pods' }} />
      </FlotillaProvider>,
    );
    expect(screen.getByRole('status').textContent).toContain('Partial results:');
    expect(screen.getByText(/failed: \[b\] pods is forbidden/)).toBeDefined();
  });

  it('gives a story its own scripted fleet through a decorator', () => {
    // The guide's decorator, applied by hand the way Storybook applies it.
    const withFleet = (Story: ComponentType) => {
      function FleetDecorator() {
        const [scenario] = useState(() => authFailedFleet());
        useEffect(() => () => scenario.fleet.close(), [scenario]);
        return (
          <FlotillaProvider client={scenario.fleet}>
            <Story />
          </FlotillaProvider>
        );
      }
      return <FleetDecorator />;
    };
    render(withFleet(AuthNotices));
    expect(screen.getByRole('alert', { name: 'Authentication failed for prod-us' })).toBeDefined();
  });
});
