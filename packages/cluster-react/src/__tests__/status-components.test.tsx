import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ClusterAuthNotice } from '../components/ClusterAuthNotice';
import { ClusterStatusBadge } from '../components/ClusterStatusBadge';
import { ClusterStatusIndicator } from '../components/ClusterStatusIndicator';
import { fixtureFleet, renderWithFleet, START } from './render';

describe('ClusterStatusIndicator', () => {
  it('follows the active cluster and shows only its state', async () => {
    const { fleet, clock } = fixtureFleet({ clusters: [{ id: 'a' }, { id: 'b' }] });
    fleet.failAuth('b');
    renderWithFleet(<ClusterStatusIndicator />, { fleet, clock });
    const status = screen.getByRole('status');
    expect(status.textContent).toBe('No cluster selected');
    await act(() => fleet.setActive('a'));
    expect(status.textContent).toBe('aHealthy');
    act(() => void fleet.setHealth('b', 'degraded'));
    expect(status.textContent).toBe('aHealthy');
    act(() => void fleet.setHealth('a', 'degraded'));
    expect(status.textContent).toBe('aDegraded');
    await act(() => fleet.setActive('b'));
    expect(status.textContent).toBe('bAuth failed');
    expect(status.getAttribute('data-cluster-id')).toBe('b');
  });
});

describe('ClusterStatusBadge', () => {
  it('shows any cluster by id, and an unknown id as such', () => {
    const { fleet } = fixtureFleet({ clusters: [{ id: 'a', connection: 'reconnecting' }] });
    renderWithFleet(
      <>
        <ClusterStatusBadge clusterId="a" />
        <ClusterStatusBadge clusterId="ghost" />
      </>,
      { fleet },
    );
    expect(document.querySelector('[data-cluster-id="a"]')?.textContent).toBe('aReconnecting');
    expect(document.querySelector('[data-state="unknown-cluster"]')?.textContent).toBe(
      'Unknown cluster “ghost”',
    );
  });
});

describe('ClusterAuthNotice', () => {
  it('renders nothing while the credentials are fine', () => {
    const { fleet } = fixtureFleet({ clusters: [{ id: 'a' }] });
    const { container } = renderWithFleet(<ClusterAuthNotice clusterId="a" />, { fleet });
    expect(container.innerHTML).toBe('');
  });

  it('announces the failure with its reason, attempt and a live countdown', () => {
    const { fleet, clock } = fixtureFleet({ clusters: [{ id: 'a' }, { id: 'b' }] });
    fleet.failAuth('a', { reason: 'Unauthorized: token expired', retryInMs: 62_000 });
    renderWithFleet(<ClusterAuthNotice clusterId="a" />, { fleet, clock });
    const alert = screen.getByRole('alert', { name: 'Authentication failed for a' });
    expect(alert.textContent).toContain('Unauthorized: token expired');
    expect(alert.textContent).toContain('Attempt 4 of 4.');
    act(() => clock.advance(0));
    expect(alert.textContent).toContain('Next automatic retry in 1 min 02 s.');
    act(() => clock.advance(3000));
    expect(alert.textContent).toContain('Next automatic retry in 59 s.');
    expect(alert.querySelector('time')?.getAttribute('dateTime')).toBe(
      new Date(START + 62_000).toISOString(),
    );
    act(() => clock.advance(60_000));
    expect(alert.textContent).toContain('Automatic retry due now.');
  });

  it('retries cluster A only when A’s Retry is pressed', async () => {
    const { fleet, clock } = fixtureFleet({ clusters: [{ id: 'a' }, { id: 'b' }] });
    fleet.failAuth('a');
    fleet.failAuth('b');
    renderWithFleet(
      <>
        <ClusterAuthNotice clusterId="a" />
        <ClusterAuthNotice clusterId="b" />
      </>,
      { fleet, clock },
    );
    expect(screen.getAllByRole('alert')).toHaveLength(2);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Retry a now' }));
    expect(fleet.calls.clusters('retryAuth')).toEqual(['a']);
    expect(screen.getByRole('alert', { name: 'Recovering authentication for a' })).toBeDefined();
    expect(screen.getByRole('alert', { name: 'Authentication failed for b' })).toBeDefined();
  });

  it('shows a failed retry instead of swallowing it', async () => {
    const { fleet, clock } = fixtureFleet({ clusters: [{ id: 'a' }] });
    fleet.failAuth('a');
    fleet.failNext('retryAuth', 'a', {
      kind: 'transport',
      clusterId: 'a',
      message: '[a] bridge unreachable',
      retryable: true,
    });
    renderWithFleet(<ClusterAuthNotice clusterId="a" />, { fleet, clock });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Retry a now' }));
    expect(screen.getByRole('alert').textContent).toContain('Retry failed: [a] bridge unreachable');
  });

  it('says when the cluster id is unknown', () => {
    const { fleet } = fixtureFleet({ clusters: [{ id: 'a' }] });
    const { container } = renderWithFleet(<ClusterAuthNotice clusterId="ghost" />, { fleet });
    expect(container.textContent).toBe('Unknown cluster “ghost”');
  });
});
