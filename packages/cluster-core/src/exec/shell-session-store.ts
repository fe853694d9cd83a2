import { systemClock, type Clock } from '../clock';
import type { ClusterManager } from '../cluster-manager';
import { Subscribable } from '../subscribable';
import type { ExecCommand, ExecConnector } from './exec-protocol';
import { ShellSession, type ShellSnapshot } from './shell-session';

export interface ShellSessionStoreOptions {
  /** How a cluster's exec connection is opened (Node: `WebSocketExecConnector`). */
  connector: ExecConnector;
  clock?: Clock;
}

/**
 * Shell sessions of a fleet keyed by (clusterId, sessionId), never by pod name alone: two clusters
 * may both run `web-0` in `default` (BRIEF I10). Snapshots are referentially stable until a shell
 * changes; a removed cluster's shells are closed and forgotten.
 */
export class ShellSessionStore extends Subscribable<() => void> {
  private readonly shells = new Map<string, Map<string, { shell: ShellSession; off: () => void }>>();
  private readonly clock: Clock;
  private readonly detach: () => void;
  private sequence = 0;
  private readonly snapshots = new Map<string, readonly ShellSnapshot[]>();

  constructor(
    private readonly manager: ClusterManager,
    private readonly options: ShellSessionStoreOptions,
  ) {
    super();
    this.clock = options.clock ?? systemClock;
    const onRemoved = ({ clusterId }: { clusterId: string }) => this.forgetCluster(clusterId);
    manager.events.on('cluster:removed', onRemoved);
    this.detach = () => manager.events.off('cluster:removed', onRemoved);
  }

  /**
   * Opens a shell in that cluster (an unknown id is an `unknown-cluster` error). Resolves once the
   * connection is open; rejects with the cluster's error (e.g. `authz` without `create pods/exec`),
   * the failed shell staying listed so a UI can show why.
   */
  async open(clusterId: string, command: ExecCommand): Promise<ShellSession> {
    const session = this.manager.require(clusterId);
    const shell = new ShellSession(session, `shell-${++this.sequence}`, command, this.clock);
    let perCluster = this.shells.get(clusterId);
    if (!perCluster) this.shells.set(clusterId, (perCluster = new Map()));
    perCluster.set(shell.sessionId, { shell, off: shell.subscribe(() => this.changed(clusterId)) });
    this.changed(clusterId);
    await shell.connect(this.options.connector);
    return shell;
  }

  get(clusterId: string, sessionId: string): ShellSession | undefined {
    return this.shells.get(clusterId)?.get(sessionId)?.shell;
  }

  /** Every shell of one cluster (or of all), oldest first; the same array until one changes. */
  select(filter: { clusterId?: string } = {}): readonly ShellSnapshot[] {
    const key = filter.clusterId ?? '';
    const cached = this.snapshots.get(key);
    if (cached) return cached;
    const groups =
      filter.clusterId !== undefined ? [this.shells.get(filter.clusterId)] : [...this.shells.values()];
    const value = groups
      .flatMap((group) => [...(group?.values() ?? [])].map((entry) => entry.shell.getSnapshot()))
      .sort(
        (a, b) =>
          a.startedAt - b.startedAt || a.sessionId.localeCompare(b.sessionId, 'en', { numeric: true }),
      );
    this.snapshots.set(key, value);
    return value;
  }

  getSnapshot = (): readonly ShellSnapshot[] => this.select();

  /** Closes a shell of that cluster; false when there is none with that id there. */
  close(clusterId: string, sessionId: string): boolean {
    const shell = this.get(clusterId, sessionId);
    if (!shell) return false;
    shell.close();
    return true;
  }

  /** Forgets ended shells (of one cluster, or all). */
  clearEnded(clusterId?: string): void {
    for (const [id, group] of this.shells) {
      if (clusterId !== undefined && id !== clusterId) continue;
      for (const [sessionId, entry] of group) {
        const { status } = entry.shell.getSnapshot();
        if (status !== 'closed' && status !== 'failed') continue;
        entry.off();
        group.delete(sessionId);
      }
      this.changed(id);
    }
  }

  /** Closes every shell and stops following the manager. */
  dispose(): void {
    this.detach();
    for (const group of this.shells.values()) for (const entry of group.values()) entry.shell.close();
    this.listeners.clear();
  }

  private forgetCluster(clusterId: string): void {
    const group = this.shells.get(clusterId);
    if (!group) return;
    this.shells.delete(clusterId);
    for (const entry of group.values()) {
      entry.off();
      entry.shell.close();
    }
    this.changed(clusterId);
  }

  /** Drops the selections that may hold that cluster's shells; other clusters' arrays stay the same. */
  private changed(clusterId: string): void {
    this.snapshots.delete('');
    this.snapshots.delete(clusterId);
    for (const listener of [...this.listeners]) listener();
  }
}
