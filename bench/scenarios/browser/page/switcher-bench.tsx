import { ClusterSwitcher, FlotillaProvider } from '@flotilla/cluster-react';
import type { FixtureFleetClient } from '@flotilla/cluster-testkit/fixtures';
import { createRoot } from 'react-dom/client';
import { switcherFleet } from './fleet-data';
import { afterNextPaint, whenDom } from './paint';
import { matchesSearch, PlainClusterList } from './PlainClusterList';
import type { KeystrokeSample, SwitcherOptions, TableSubject } from './protocol';

/**
 * Frames without a DOM change after which a keystroke counts as settled, so work a component
 * defers (useDeferredValue, a transition) is still counted; such renders commit within a frame or two.
 */
const SETTLE_FRAMES = 8;

interface Armed {
  /** keydown's event time, once it came. */
  keydown: Promise<number>;
  /** When the frame after the latest DOM change (or after the key's own handling) was produced. */
  painted: () => Promise<number>;
  /** DOM changes seen so far. */
  changes: () => number;
  stop(): void;
}

/** The event's own time when it is plausible (it includes the wait for a busy main thread). */
function eventTime(event: Event): number {
  const now = performance.now();
  return event.timeStamp > 0 && event.timeStamp <= now && now - event.timeStamp < 10_000
    ? event.timeStamp
    : now;
}

/** The switcher part of the page: 500 clusters, one subject, keystrokes timed one by one. */
export class SwitcherBench {
  private fleet: FixtureFleetClient | null = null;
  private groups: Readonly<Record<string, string>> = {};
  private subject: TableSubject = 'ours';
  private armed: Armed | null = null;

  constructor(private readonly container: HTMLElement) {}

  prepare(options: SwitcherOptions): void {
    const scenario = switcherFleet(options.clusters);
    this.fleet = scenario.fleet;
    this.groups = scenario.groups;
  }

  async mount(subject: TableSubject): Promise<void> {
    if (!this.fleet) throw new Error('prepareSwitcher first');
    this.subject = subject;
    createRoot(this.container).render(
      <FlotillaProvider client={this.fleet}>
        {subject === 'ours' ? (
          <ClusterSwitcher groups={this.groups} />
        ) : (
          <PlainClusterList groups={this.groups} />
        )}
      </FlotillaProvider>,
    );
    await whenDom(this.container, () => this.shownMatches() !== null, 30_000);
    await afterNextPaint();
    this.searchField().focus();
  }

  arm(): void {
    this.armed?.stop();
    let paint: Promise<number> | null = null;
    let changes = 0;
    let resolveKey: (time: number) => void = () => {};
    const keydown = new Promise<number>((resolve) => (resolveKey = resolve));
    const onKeydown = (event: Event) => {
      resolveKey(eventTime(event));
      paint = afterNextPaint();
    };
    // Every DOM change of the subject after the key moves "painted" to the frame that follows it.
    const observer = new MutationObserver(() => {
      changes++;
      paint = afterNextPaint();
    });
    document.addEventListener('keydown', onKeydown, { capture: true, once: true });
    observer.observe(this.container, {
      childList: true,
      subtree: true,
      attributes: true,
      characterData: true,
    });
    this.armed = {
      keydown,
      painted: () => paint ?? afterNextPaint(),
      changes: () => changes,
      stop: () => {
        observer.disconnect();
        document.removeEventListener('keydown', onKeydown, { capture: true });
      },
    };
  }

  async keystroke(): Promise<KeystrokeSample> {
    const armed = this.armed;
    if (!armed) throw new Error('armKeystroke first');
    const pressed = await armed.keydown;
    // Settled once several frames in a row changed nothing: deferred renders have committed.
    let quiet = 0;
    let seen = armed.changes();
    while (quiet < SETTLE_FRAMES) {
      await afterNextPaint();
      quiet = armed.changes() === seen ? quiet + 1 : 0;
      seen = armed.changes();
    }
    const painted = await armed.painted();
    armed.stop();
    this.armed = null;

    const search = this.searchField().value;
    const expected = this.expectedMatches(search);
    const matches = this.shownMatches();
    if (matches !== expected)
      throw new Error(`after typing "${search}" the list shows ${matches} clusters, expected ${expected}`);
    return { search, paintedMs: painted - pressed, matches };
  }

  private searchField(): HTMLInputElement {
    const input = this.container.querySelector<HTMLInputElement>('input[type="search"]');
    if (!input) throw new Error('no search field rendered');
    return input;
  }

  private expectedMatches(search: string): number {
    const clusters = this.fleet?.getSnapshot().clusters ?? [];
    return clusters.filter((cluster) => matchesSearch(cluster, this.groups[cluster.clusterId], search))
      .length;
  }

  /** How many clusters the list says match, or null while nothing is rendered. */
  private shownMatches(): number | null {
    if (this.subject === 'plain') {
      const list = this.container.querySelector('ul[data-matches]');
      return list ? list.querySelectorAll('li').length : null;
    }
    const option = this.container.querySelector('[role="option"]');
    if (option) return Number(option.getAttribute('aria-setsize'));
    return this.container.querySelector('.flotilla-switcher__empty') ? 0 : null;
  }
}
