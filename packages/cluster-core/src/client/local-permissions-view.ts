import type { ClusterManager } from '../cluster-manager';
import type { ClusterSession } from '../cluster-session';
import { FlotillaError, type SerializedFlotillaError } from '../errors';
import type { ConnectionChangedEvent, ClusterRef } from '../events';
import { asFlotillaError } from '../fleet/fan-out';
import type { FleetPermissions } from '../fleet/permissions';
import type { PermissionQuery, PermissionSnapshot } from './fleet-client';
import { LazyView, type ViewTracker } from './lazy-view';
import { copyQuery, viewTargets } from './view-targets';

interface Answer {
  session: ClusterSession;
  allowed: boolean | null;
  error: SerializedFlotillaError | null;
  /** The question in flight; a newer one makes an older answer void. */
  asking: AbortController | null;
}

/**
 * Whether the current user may do something, asked of each targeted cluster on its own
 * (SelfSubjectAccessReview through `fleet.permissions`, cached there). A cluster is asked again
 * when it (re)connects or its credentials recover; an idle cluster is not asked until it connects.
 */
export class LocalPermissionsView extends LazyView<PermissionSnapshot> {
  readonly query: PermissionQuery;
  private readonly answers = new Map<string, Answer>();
  private snapshot: PermissionSnapshot | null = null;
  private dirty = true;
  private unsubscribes: Array<() => void> = [];

  constructor(
    tracker: ViewTracker,
    private readonly manager: ClusterManager,
    private readonly permissions: FleetPermissions,
    query: PermissionQuery,
  ) {
    super(tracker);
    this.query = Object.freeze(copyQuery(query));
  }

  getSnapshot = (): PermissionSnapshot => {
    if (this.dirty || !this.snapshot) this.build();
    return this.snapshot as PermissionSnapshot;
  };

  protected start(): void {
    const { bus, events } = this.manager;
    const onConnection = (event: ConnectionChangedEvent) => {
      if (event.state === 'connected' && event.previous !== 'connected') this.ask(event.clusterId);
      else if (event.state === 'idle') this.forget(event.clusterId);
    };
    const onRecovered = (event: ClusterRef) => this.ask(event.clusterId);
    const onFleet = () => this.sync();
    bus.on('cluster:connection:changed', onConnection);
    bus.on('cluster:auth:recovered', onRecovered);
    events.on('cluster:added', onFleet);
    events.on('cluster:removed', onFleet);
    this.unsubscribes = [
      () => bus.off('cluster:connection:changed', onConnection),
      () => bus.off('cluster:auth:recovered', onRecovered),
      () => events.off('cluster:added', onFleet),
      () => events.off('cluster:removed', onFleet),
    ];
    this.sync();
  }

  protected stop(): void {
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    this.unsubscribes = [];
    for (const answer of this.answers.values()) answer.asking?.abort();
    this.answers.clear();
    this.changed();
  }

  /** Asks the targeted clusters not asked yet; forgets the ones that left. */
  private sync(): void {
    const targets = new Set(viewTargets(this.manager, this.query.clusters));
    for (const [id, answer] of this.answers) {
      if (targets.has(id) && this.manager.get(id) === answer.session) continue;
      answer.asking?.abort();
      this.answers.delete(id);
    }
    for (const id of targets) if (!this.answers.has(id)) this.ask(id);
    this.changed();
  }

  private ask(clusterId: string): void {
    const session = this.manager.get(clusterId);
    if (!session || !this.isStarted) return;
    if (this.query.clusters && !this.query.clusters.includes(clusterId)) return;
    let answer = this.answers.get(clusterId);
    if (!answer || answer.session !== session) {
      answer?.asking?.abort();
      answer = { session, allowed: null, error: null, asking: null };
      this.answers.set(clusterId, answer);
    }
    if (session.getSnapshot().connection === 'idle') return;
    answer.asking?.abort();
    const asking = new AbortController();
    answer.asking = asking;
    const held = answer;
    const { verb, resource, namespace } = this.query;
    this.permissions
      .can(clusterId, verb, resource, {
        ...(namespace !== undefined ? { namespace } : {}),
        signal: asking.signal,
      })
      .then(
        (allowed) => {
          if (held.asking !== asking) return;
          held.allowed = allowed;
          held.error = null;
        },
        (error: unknown) => {
          if (held.asking !== asking) return;
          held.allowed = null;
          held.error = asFlotillaError(session, error).toJSON();
        },
      )
      .finally(() => {
        if (held.asking !== asking) return;
        held.asking = null;
        if (this.answers.get(clusterId) === held) this.changed();
      });
  }

  private forget(clusterId: string): void {
    const answer = this.answers.get(clusterId);
    if (!answer) return;
    answer.asking?.abort();
    answer.asking = null;
    answer.allowed = null;
    answer.error = null;
    this.changed();
  }

  private changed(): void {
    this.dirty = true;
    const previous = this.snapshot;
    if (this.build() !== previous) this.notify();
  }

  private build(): PermissionSnapshot {
    this.dirty = false;
    const allowed: Record<string, boolean | null> = {};
    const errors: Record<string, SerializedFlotillaError> = {};
    let loaded = true;
    for (const id of viewTargets(this.manager, this.query.clusters)) {
      const session = this.manager.get(id);
      const answer = this.answers.get(id);
      allowed[id] = answer?.allowed ?? null;
      if (!session) {
        errors[id] = unknownCluster(id);
        continue;
      }
      if (answer?.error) errors[id] = answer.error;
      const idle = session.getSnapshot().connection === 'idle';
      if (!idle && (answer?.allowed ?? null) === null && !answer?.error) loaded = false;
    }
    const next: PermissionSnapshot = { query: this.query, allowed, errors, loaded };
    if (this.snapshot && samePermissions(this.snapshot, next)) return this.snapshot;
    this.snapshot = next;
    return next;
  }
}

function unknownCluster(clusterId: string): SerializedFlotillaError {
  return new FlotillaError({
    kind: 'unknown-cluster',
    clusterId,
    message: `unknown cluster "${clusterId}"`,
    retryable: false,
  }).toJSON();
}

function samePermissions(a: PermissionSnapshot, b: PermissionSnapshot): boolean {
  if (a.loaded !== b.loaded) return false;
  const ids = Object.keys(b.allowed);
  if (
    Object.keys(a.allowed).length !== ids.length ||
    Object.keys(a.errors).length !== Object.keys(b.errors).length
  )
    return false;
  return ids.every((id) => {
    const ea = a.errors[id];
    const eb = b.errors[id];
    return (
      a.allowed[id] === b.allowed[id] &&
      ea?.kind === eb?.kind &&
      ea?.message === eb?.message &&
      id in a.allowed
    );
  });
}
