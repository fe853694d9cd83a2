import { ManualClock, type PreferenceStore } from '@flotilla/cluster-core';
import { FixtureFleetClient, type FixtureFleetOptions } from '@flotilla/cluster-testkit/fixtures';
import { render, type RenderOptions } from '@testing-library/react';
import type { ReactElement } from 'react';
import { FlotillaProvider } from '../provider/FlotillaProvider';

export const START = Date.UTC(2025, 0, 15, 12, 0, 0);

/** A fixture fleet on a manual clock, for tests that script clusters and move time themselves. */
export function fixtureFleet(options: FixtureFleetOptions = {}) {
  const clock = new ManualClock(START);
  return { clock, fleet: new FixtureFleetClient({ clock, ...options }) };
}

/** Renders `ui` inside a provider for `fleet`. */
export function renderWithFleet(
  ui: ReactElement,
  {
    fleet,
    clock,
    preferences,
    ...options
  }: { fleet: FixtureFleetClient; clock?: ManualClock; preferences?: PreferenceStore } & RenderOptions,
) {
  return render(ui, {
    wrapper: ({ children }) => (
      <FlotillaProvider client={fleet} preferences={preferences} clock={clock}>
        {children}
      </FlotillaProvider>
    ),
    ...options,
  });
}
