import type { Clock, TimerHandle } from '../clock';
import type { ClusterManager } from '../cluster-manager';
import type { ClusterSession } from '../cluster-session';
import type { ClusterRef, ConnectionChangedEvent } from '../events';
import type { FleetOperations } from '../fleet/fleet-operations';

/** Default period of the per-cluster inventory refresh (nodes, allocatable, pods). */
export const DEFAULT_INVENTORY_INTERVAL_MS = 60_000;

interface Entry {
  session: ClusterSession;
  timer: TimerHandle | null;
  running: boolean;
}

/**
 * Keeps each cluster's `metadata.nodes`, `allocatable` and `pods` fresh: read when the cluster
 * connects, then every `intervalMs` on that cluster's own timer. A slow or failing cluster delays
 * only its own next refresh (one in flight per cluster) and keeps what it showed before.
 */
export class InventoryRefresher {
  private readonly entries = new Map<string, Entry>();
  private readonly unsubscribes: Array<() => void> = [];
  private closed = false;

  constructor(
    private readonly manager: ClusterManager,
    private readonly fleet: FleetOperations,
    private readonly clock: Clock,
    private readonly intervalMs: number,
  ) {
    if (intervalMs <= 0) return;
    const onConnection = (event: ConnectionChangedEvent) => {
      if (event.state === 'connected' && event.previous !== 'connected') this.refresh(event.clusterId);
      else if (event.state === 'idle') this.forget(event.clusterId);
    };
    const onRemoved = (event: ClusterRef) => this.forget(event.clusterId);
    manager.bus.on('cluster:connection:changed', onConnection);
    manager.events.on('cluster:removed', onRemoved);
    this.unsubscribes.push(
      () => manager.bus.off('cluster:connection:changed', onConnection),
      () => manager.events.off('cluster:removed', onRemoved),
    );
    for (const session of manager.list())
      if (session.getSnapshot().connection === 'connected') this.refresh(session.clusterId);
  }

  close(): void {
    this.closed = true;
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    for (const id of [...this.entries.keys()]) this.forget(id);
  }

  private refresh(clusterId: string): void {
    const session = this.manager.get(clusterId);
    if (this.closed || !session) return;
    let entry = this.entries.get(clusterId);
    if (!entry || entry.session !== session) {
      if (entry?.timer) this.clock.clearTimeout(entry.timer);
      entry = { session, timer: null, running: false };
      this.entries.set(clusterId, entry);
    }
    if (entry.running) return;
    if (entry.timer) this.clock.clearTimeout(entry.timer);
    entry.timer = null;
    entry.running = true;
    const held = entry;
    void this.fleet
      .refreshInventory({ targets: { ids: [clusterId] } })
      .catch(() => undefined)
      .finally(() => {
        held.running = false;
        if (this.closed || this.entries.get(clusterId) !== held) return;
        held.timer = this.clock.setTimeout(() => {
          held.timer = null;
          this.refresh(clusterId);
        }, this.intervalMs);
      });
  }

  private forget(clusterId: string): void {
    const entry = this.entries.get(clusterId);
    if (!entry) return;
    if (entry.timer) this.clock.clearTimeout(entry.timer);
    this.entries.delete(clusterId);
  }
}
