import type { Clock } from '../clock';
import type { ClusterManager } from '../cluster-manager';
import type { ClusterSession } from '../cluster-session';
import { apiVersionOf } from '../fleet/api-resource';
import type { FleetDiscovery } from '../fleet/discovery';

interface Entry {
  session: ClusterSession;
  versions: readonly string[] | null;
  loading: boolean;
  failedAt: number | null;
}

/** After a failed read, a cluster's discovery is asked again no sooner than this. */
const RETRY_AFTER_MS = 30_000;

/**
 * The group versions each cluster serves, read from its own discovery (cached there), for the
 * version-skew matrix. A cluster that is idle or whose discovery failed stays unknown; nothing one
 * cluster does delays another's answer.
 */
export class ServedApiVersions {
  private readonly entries = new Map<string, Entry>();
  private closed = false;

  constructor(
    private readonly manager: ClusterManager,
    private readonly discovery: FleetDiscovery,
    private readonly clock: Clock,
    private readonly onChange: () => void,
  ) {}

  /** Known lists of the given clusters (others left out, i.e. unknown); `load` reads what is missing. */
  of(clusterIds: readonly string[], load: boolean): Record<string, readonly string[]> {
    const out: Record<string, readonly string[]> = {};
    for (const id of clusterIds) {
      const session = this.manager.get(id);
      if (!session) continue;
      const entry = this.entry(session);
      if (entry.versions) out[id] = entry.versions;
      else if (load) this.load(entry);
    }
    return out;
  }

  close(): void {
    this.closed = true;
    this.entries.clear();
  }

  private entry(session: ClusterSession): Entry {
    let entry = this.entries.get(session.clusterId);
    if (!entry || entry.session !== session) {
      entry = { session, versions: null, loading: false, failedAt: null };
      this.entries.set(session.clusterId, entry);
    }
    return entry;
  }

  private load(entry: Entry): void {
    const { session } = entry;
    if (entry.loading || session.isDisposed || session.getSnapshot().connection === 'idle') return;
    if (entry.failedAt !== null && this.clock.now() - entry.failedAt < RETRY_AFTER_MS) return;
    entry.loading = true;
    this.discovery
      .of(session)
      .resources()
      .then(
        (discovered) => {
          entry.versions = [...new Set(discovered.resources.map(apiVersionOf))].sort();
          entry.failedAt = null;
        },
        () => {
          entry.failedAt = this.clock.now();
        },
      )
      .finally(() => {
        entry.loading = false;
        if (!this.closed && this.entries.get(session.clusterId) === entry && entry.versions) this.onChange();
      });
  }
}
