import type { ResourceQuery } from '@flotilla/cluster-core';
import { FleetResourceTable, FlotillaProvider, useFleetResources } from '@flotilla/cluster-react';
import { createRoot } from 'react-dom/client';
import { batchResourceViews, type BatchedClient } from './batched-client';
import { podFleet, podUpdates, type PodFleet } from './fleet-data';
import { recordFrames } from './frames';
import { afterNextPaint, whenDom } from './paint';
import { PlainTable } from './PlainTable';
import type { MountSample, TableDataOptions, UpdateOptions, UpdateSample, UpdateSubject } from './protocol';

const QUERY: ResourceQuery = { kind: 'pods' };
/** The plain table puts 100 000 rows in the DOM; its first paint takes a while. */
const MOUNT_TIMEOUT_MS = 300_000;
/** Updates are applied from a timer this often, each time catching up with the schedule. */
const FEED_TICK_MS = 10;

/** Only the hook, no table: what the feed and the view cost by themselves. */
function FeedOnly() {
  const resources = useFleetResources(QUERY);
  return <p data-feed-items={resources.items.length}>{resources.items.length} pods</p>;
}

function Subject({ subject }: { subject: UpdateSubject }) {
  if (subject === 'ours') return <FleetResourceTable query={QUERY} height={480} />;
  if (subject === 'plain') return <PlainTable query={QUERY} />;
  return <FeedOnly />;
}

/** Item rows both tables mark with their cluster; the feed-only subject shows a count instead. */
const itemRows = (root: Element) => root.querySelectorAll('[data-cluster-id], [data-feed-items]').length;

async function mountInto(container: HTMLElement, batched: BatchedClient, subject: UpdateSubject) {
  const root = createRoot(container);
  const started = performance.now();
  root.render(
    <FlotillaProvider client={batched.client}>
      <Subject subject={subject} />
    </FlotillaProvider>,
  );
  const committed = await whenDom(container, () => itemRows(container) > 0, MOUNT_TIMEOUT_MS);
  const painted = await afterNextPaint();
  return { root, started, committed, painted };
}

/** The table part of the page: one pod fleet, one mounted subject, then updates. */
export class TableBench {
  private fleet: PodFleet | null = null;
  private batched: BatchedClient | null = null;
  private warmup: PodFleet | null = null;

  constructor(private readonly container: HTMLElement) {}

  prepare(options: TableDataOptions): void {
    this.fleet = podFleet(options.rows, options.clusters, 1);
    this.batched = batchResourceViews(this.fleet.fixture);
    this.warmup =
      options.warmupRows > 0 ? podFleet(options.warmupRows, Math.min(options.clusters, 5), 2) : null;
  }

  async mount(subject: UpdateSubject): Promise<MountSample> {
    if (!this.batched) throw new Error('prepareTable first');
    if (this.warmup) {
      // Distinct objects: the timed mount finds warm code but none of its rows cached.
      const scratch = document.createElement('div');
      document.body.append(scratch);
      const warm = await mountInto(scratch, batchResourceViews(this.warmup.fixture), subject);
      warm.root.unmount();
      scratch.remove();
      await afterNextPaint();
    }
    const { started, committed, painted } = await mountInto(this.container, this.batched, subject);
    return {
      committedMs: committed - started,
      paintedMs: painted - started,
      rowsInDom: itemRows(this.container),
    };
  }

  async updates(options: UpdateOptions): Promise<UpdateSample> {
    const { fleet, batched } = this;
    if (!fleet || !batched) throw new Error('mountTable first');
    const idle = recordFrames();
    await new Promise((resolve) => setTimeout(resolve, options.idleMs));
    const idleGapsMs = idle.stop();

    const update = podUpdates(fleet, 3);
    const notifiedBefore = batched.notifications();
    const frames = recordFrames();
    const started = performance.now();
    let applied = 0;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const elapsed = performance.now() - started;
        const due = Math.min(
          Math.floor((elapsed * options.ratePerSecond) / 1000),
          Math.floor((options.durationMs * options.ratePerSecond) / 1000),
        );
        for (; applied < due; applied++) update();
        if (elapsed >= options.durationMs) resolve();
        else setTimeout(tick, FEED_TICK_MS);
      };
      setTimeout(tick, FEED_TICK_MS);
    });
    const elapsedMs = performance.now() - started;
    // The last batch is rendered before the frame record ends.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await afterNextPaint();
    return {
      gapsMs: frames.stop(),
      idleGapsMs,
      applied,
      elapsedMs,
      notifications: batched.notifications() - notifiedBefore,
    };
  }
}
