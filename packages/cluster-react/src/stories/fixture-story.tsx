import { MemoryPreferenceStore } from '@flotilla/cluster-core';
import type { FixtureFleetClient, Scenario } from '@flotilla/cluster-testkit/fixtures';
import type { Decorator } from '@storybook/react-vite';
import { useEffect, useState, type ReactNode } from 'react';
import { FlotillaProvider } from '../provider/FlotillaProvider';

export interface StoryFleet {
  fleet: FixtureFleetClient;
  /** clusterId → group, stored as each cluster's `cluster:groups` preference. */
  groups?: Readonly<Record<string, string>>;
  /** Any other preferences to start with (`cluster:colour:<id>` …). */
  preferences?: Readonly<Record<string, unknown>>;
}

function FixtureProvider({ make, children }: { make: () => StoryFleet | Scenario; children: ReactNode }) {
  const [setup] = useState(make);
  const [preferences] = useState(() => {
    const groups = Object.entries(setup.groups ?? {}).map(([id, group]) => [`cluster:groups:${id}`, [group]]);
    const extra = 'preferences' in setup ? setup.preferences : undefined;
    return new MemoryPreferenceStore({ ...Object.fromEntries(groups), ...extra });
  });
  // Scripted updates (flapping health, countdowns) stop with the story.
  useEffect(() => () => setup.fleet.close(), [setup]);
  return (
    <FlotillaProvider client={setup.fleet} preferences={preferences}>
      {children}
    </FlotillaProvider>
  );
}

/** A decorator giving the story its own fixture fleet, created once when the story mounts. */
export function withFleet(make: () => StoryFleet | Scenario): Decorator {
  return (Story) => (
    <FixtureProvider make={make}>
      <Story />
    </FixtureProvider>
  );
}

/** Keeps a component at a realistic width in the canvas. */
export function Frame({ width = 360, children }: { width?: number | string; children: ReactNode }) {
  return <div style={{ width, maxWidth: '100%' }}>{children}</div>;
}
