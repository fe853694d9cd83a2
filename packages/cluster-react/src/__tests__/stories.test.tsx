import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { composeStories, setProjectAnnotations } from '@storybook/react-vite';
import { render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import * as preview from '../../../../.storybook/preview';
import * as authNotice from '../stories/ClusterAuthNotice.stories';
import * as comparison from '../stories/ClusterComparisonView.stories';
import * as metadata from '../stories/ClusterMetadataPanel.stories';
import * as status from '../stories/ClusterStatus.stories';
import * as switcher from '../stories/ClusterSwitcher.stories';
import * as healthGrid from '../stories/FleetHealthGrid.stories';
import * as table from '../stories/FleetResourceTable.stories';

// Storybook is where console authors see every component in every state without a server; these
// tests keep the stories rendering, and keep the states the kit promises covered.

setProjectAnnotations(preview);

const modules = {
  'ClusterAuthNotice.stories.tsx': authNotice,
  'ClusterComparisonView.stories.tsx': comparison,
  'ClusterMetadataPanel.stories.tsx': metadata,
  'ClusterStatus.stories.tsx': status,
  'ClusterSwitcher.stories.tsx': switcher,
  'FleetHealthGrid.stories.tsx': healthGrid,
  'FleetResourceTable.stories.tsx': table,
};

/**
 * The states each component has a story for, by story name. A state is left out only where it
 * cannot show: a notice about one cluster's credentials has nothing to say for a degraded or an
 * empty fleet, a panel about one cluster has no 500-cluster form, the indicator shows the active
 * cluster (never an unknown one), and comparing 500 clusters is the table's and grid's job.
 */
const REQUIRED_STATES: Record<string, readonly string[]> = {
  'Components/ClusterSwitcher': [
    'Healthy',
    'Degraded',
    'AuthFailed',
    'Recovering',
    'FiveHundredClusters',
    'Empty',
    'UnknownCluster',
  ],
  'Components/ClusterStatusIndicator': [
    'Healthy',
    'Degraded',
    'AuthFailed',
    'Recovering',
    'NoneSelected',
    'Empty',
    'Badges',
  ],
  'Components/ClusterAuthNotice': ['Healthy', 'AuthFailedWithCountdown', 'Recovering', 'UnknownCluster'],
  'Components/FleetResourceTable': [
    'Pods',
    'Degraded',
    'AuthFailedCluster',
    'Recovering',
    'Partial',
    'FiveHundredClusters',
    'HundredThousandRows',
    'Empty',
    'UnknownClusterInQuery',
  ],
  'Components/ClusterComparisonView': [
    'Distribution',
    'Degraded',
    'AuthFailed',
    'Recovering',
    'Partial',
    'Empty',
    'UnknownClusterInQuery',
  ],
  'Components/ClusterMetadataPanel': ['Kubernetes', 'Degraded', 'AuthFailed', 'Recovering', 'UnknownCluster'],
  'Components/FleetHealthGrid': [
    'Healthy',
    'Degraded',
    'AuthFailed',
    'Recovering',
    'FiveHundredClusters',
    'Empty',
    'UnknownCluster',
  ],
};

/** Stories that render nothing on purpose. */
const EMPTY_ON_PURPOSE = new Set(['Components/ClusterAuthNotice/Healthy']);

/** Pickers show an unknown value as nothing selected (tested below); everything else names it. */
const PICKERS = new Set(['Components/ClusterSwitcher', 'Components/FleetHealthGrid']);

const stories = Object.values(modules).flatMap((module) => {
  const title = module.default.title;
  return Object.entries(composeStories(module)).map(([name, Story]) => ({ title, name, Story }));
});

describe('stories', () => {
  it('include every stories file', () => {
    const files = readdirSync(join(import.meta.dirname, '../stories')).filter((file) =>
      file.endsWith('.stories.tsx'),
    );
    expect(files.sort()).toEqual(Object.keys(modules).sort());
  });

  it('show every component in every state that applies to it', () => {
    const names = (title: string) => stories.filter((s) => s.title === title).map((s) => s.name);
    for (const [title, states] of Object.entries(REQUIRED_STATES))
      expect({ title, missing: states.filter((state) => !names(title).includes(state)) }).toEqual({
        title,
        missing: [],
      });
  });

  describe('render without errors', () => {
    let consoleError: MockInstance<typeof console.error>;
    beforeEach(() => {
      consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    });
    afterEach(() => consoleError.mockRestore());

    it.each(stories.map((story) => [`${story.title}/${story.name}`, story] as const))('%s', (id, story) => {
      const { container, unmount } = render(<story.Story />);
      if (EMPTY_ON_PURPOSE.has(id)) expect(container.textContent).toBe('');
      else expect(container.textContent).not.toBe('');
      if (/Unknown/.test(story.name) && !PICKERS.has(story.title))
        expect(container.textContent).toMatch(/ghost|unknown/i);
      if (/Partial/.test(story.name)) expect(container.textContent).toMatch(/partial/i);
      unmount();
      expect(consoleError.mock.calls).toEqual([]);
    });
  });

  it('show a controlled value the fleet does not know as nothing selected', () => {
    const { UnknownCluster: Switcher } = composeStories(switcher);
    const { unmount } = render(<Switcher />);
    expect(screen.getByRole('listbox', { name: 'Clusters' })).toBeTruthy();
    expect(screen.queryAllByRole('option', { selected: true })).toEqual([]);
    unmount();
    const { UnknownCluster: Grid } = composeStories(healthGrid);
    render(<Grid />);
    expect(screen.getAllByRole('option').length).toBeGreaterThan(0);
    expect(screen.queryAllByRole('option', { selected: true })).toEqual([]);
  });
});
