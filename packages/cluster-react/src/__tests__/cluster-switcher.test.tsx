import { MemoryPreferenceStore } from '@flotilla/cluster-core';
import { largeFleet } from '@flotilla/cluster-testkit/fixtures';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ClusterSwitcher } from '../components/ClusterSwitcher';
import { fixtureFleet, renderWithFleet } from './render';

const THREE = [{ id: 'prod-eu' }, { id: 'prod-us' }, { id: 'staging' }];

const selectedOptions = () =>
  screen.getAllByRole('option').filter((o) => o.getAttribute('aria-selected') === 'true');
const activeOption = () => {
  const id = screen.getByRole('listbox').getAttribute('aria-activedescendant');
  return id ? document.getElementById(id) : null;
};

describe('ClusterSwitcher', () => {
  it('never selects a cluster by itself when the fleet has two', async () => {
    const { fleet } = fixtureFleet({ clusters: [{ id: 'a' }, { id: 'b' }] });
    renderWithFleet(<ClusterSwitcher />, { fleet });
    expect(screen.getAllByRole('option')).toHaveLength(2);
    expect(selectedOptions()).toEqual([]);
    // Focus and arrows move the active option only; selection needs Enter, Space or a click.
    await userEvent.setup().click(screen.getByRole('listbox'));
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    expect(selectedOptions()).toEqual([]);
    expect(fleet.calls.to('setActive')).toEqual([]);
    expect(fleet.getSnapshot().activeClusterId).toBeNull();
  });

  it('selects the clicked cluster as the fleet’s active one and shows each status in words', async () => {
    const { fleet } = fixtureFleet({ clusters: THREE });
    fleet.failAuth('prod-us');
    renderWithFleet(<ClusterSwitcher />, { fleet });
    const us = screen.getByRole('option', { name: /prod-us/ });
    expect(us?.textContent).toContain('Auth failed');
    expect(screen.getByRole('option', { name: /prod-eu/ })?.textContent).toContain('Healthy');
    await userEvent.setup().click(us);
    expect(fleet.calls.clusters('setActive')).toEqual(['prod-us']);
    expect(screen.getByRole('option', { name: /prod-us/ })?.getAttribute('aria-selected')).toBe('true');
  });

  it('navigates with arrows, Home and End, and selects with Enter', async () => {
    const { fleet } = fixtureFleet({ clusters: THREE });
    renderWithFleet(<ClusterSwitcher />, { fleet });
    const user = userEvent.setup();
    act(() => screen.getByRole('listbox').focus());
    expect(activeOption()?.textContent).toContain('prod-eu');
    await user.keyboard('{ArrowDown}');
    expect(activeOption()?.textContent).toContain('prod-us');
    await user.keyboard('{End}');
    expect(activeOption()?.textContent).toContain('staging');
    await user.keyboard('{ArrowDown}');
    expect(activeOption()?.textContent).toContain('staging');
    await user.keyboard('{Home}');
    expect(activeOption()?.textContent).toContain('prod-eu');
    await user.keyboard('{ArrowDown}{Enter}');
    expect(fleet.calls.clusters('setActive')).toEqual(['prod-us']);
  });

  it('jumps to a cluster by typing the start of its name', async () => {
    const { fleet } = fixtureFleet({ clusters: [...THREE, { id: 'dev' }] });
    renderWithFleet(<ClusterSwitcher />, { fleet });
    const user = userEvent.setup();
    act(() => screen.getByRole('listbox').focus());
    await user.keyboard('st');
    expect(activeOption()?.textContent).toContain('staging');
    await user.keyboard('{Enter}');
    expect(fleet.calls.clusters('setActive')).toEqual(['staging']);
  });

  it('filters by the search field and says when nothing matches', async () => {
    const { fleet } = fixtureFleet({ clusters: THREE });
    renderWithFleet(<ClusterSwitcher />, { fleet });
    const user = userEvent.setup();
    await user.type(screen.getByRole('searchbox', { name: 'Search clusters' }), 'prod');
    expect(screen.getAllByRole('option').map((o) => o.getAttribute('data-cluster-id'))).toEqual([
      'prod-eu',
      'prod-us',
    ]);
    await user.type(screen.getByRole('searchbox'), '-xyz');
    expect(screen.queryAllByRole('option')).toEqual([]);
    expect(screen.getByRole('status')?.textContent).toContain('No clusters match “prod-xyz”');
  });

  it('groups by the given groups, ungrouped last', () => {
    const { fleet } = fixtureFleet({ clusters: THREE });
    renderWithFleet(<ClusterSwitcher groups={{ 'prod-eu': 'production', 'prod-us': 'production' }} />, {
      fleet,
    });
    const list = screen.getByRole('listbox');
    expect(list.textContent).toMatch(/production\s*2.*prod-eu.*prod-us.*Other\s*1.*staging/);
    expect(screen.getByRole('option', { name: /prod-eu.*group production/ })).toBeDefined();
  });

  it('groups by each cluster’s cluster:groups preference when no groups are given', () => {
    const { fleet } = fixtureFleet({ clusters: THREE });
    const preferences = new MemoryPreferenceStore({ 'cluster:groups:staging': ['pre-production'] });
    renderWithFleet(<ClusterSwitcher />, { fleet, preferences });
    expect(screen.getByRole('listbox').textContent).toMatch(/pre-production\s*1.*staging.*Other\s*2/);
  });

  it('works controlled, leaving the fleet’s active cluster alone', async () => {
    const { fleet } = fixtureFleet({ clusters: THREE });
    const onValueChange = vi.fn();
    function Controlled() {
      const [value, setValue] = useState<string | null>('staging');
      return (
        <ClusterSwitcher
          value={value}
          onValueChange={(id) => {
            onValueChange(id);
            setValue(id);
          }}
        />
      );
    }
    renderWithFleet(<Controlled />, { fleet });
    expect(selectedOptions().map((o) => o.dataset['clusterId'])).toEqual(['staging']);
    await userEvent.setup().click(screen.getByRole('option', { name: /prod-eu/ }));
    expect(onValueChange).toHaveBeenCalledWith('prod-eu');
    expect(selectedOptions().map((o) => o.dataset['clusterId'])).toEqual(['prod-eu']);
    expect(fleet.calls.to('setActive')).toEqual([]);
  });

  it('works uncontrolled from a default value', async () => {
    const { fleet } = fixtureFleet({ clusters: THREE });
    renderWithFleet(<ClusterSwitcher defaultValue="prod-us" />, { fleet });
    expect(selectedOptions().map((o) => o.dataset['clusterId'])).toEqual(['prod-us']);
    await userEvent.setup().click(screen.getByRole('option', { name: /staging/ }));
    expect(selectedOptions().map((o) => o.dataset['clusterId'])).toEqual(['staging']);
    expect(fleet.calls.to('setActive')).toEqual([]);
  });

  it('renders only a window of 500 clusters and keeps the active option rendered', async () => {
    const { fleet } = largeFleet(500);
    renderWithFleet(<ClusterSwitcher />, { fleet });
    const rendered = screen.getAllByRole('option');
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(40);
    expect(rendered[0]?.getAttribute('aria-setsize')).toBe('500');
    const user = userEvent.setup();
    act(() => screen.getByRole('listbox').focus());
    await user.keyboard('{End}');
    expect(activeOption()?.getAttribute('aria-posinset')).toBe('500');
    expect(screen.getAllByRole('option').length).toBeLessThan(60);
  });

  it('as tabs: arrows move focus, activation is manual', async () => {
    const { fleet } = fixtureFleet({ clusters: THREE });
    renderWithFleet(<ClusterSwitcher variant="tabs" label="Cluster tabs" />, { fleet });
    const tablist = screen.getByRole('tablist', { name: 'Cluster tabs' });
    const tabs = within(tablist).getAllByRole('tab');
    expect(tabs.map((t) => t.getAttribute('tabindex'))).toEqual(['0', '-1', '-1']);
    const user = userEvent.setup();
    act(() => tabs[0]?.focus());
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(tabs[1]);
    await user.keyboard('{End}');
    expect(document.activeElement).toBe(tabs[2]);
    expect(fleet.calls.to('setActive')).toEqual([]);
    await user.keyboard('{Enter}');
    expect(fleet.calls.clusters('setActive')).toEqual(['staging']);
    expect(tabs[2]?.getAttribute('aria-selected')).toBe('true');
  });
});
