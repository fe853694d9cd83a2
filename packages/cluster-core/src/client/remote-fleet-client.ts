import { Backoff, type BackoffOptions } from '../backoff';
import { defaultRandom, systemClock, type Clock, type RandomSource } from '../clock';
import type { FleetBusEvents, FleetSnapshot } from '../cluster-manager';
import type { ClusterSnapshot } from '../cluster-state';
import type { KubeObjectLike } from '../fleet-store/types';
import type { DrainJobFilter, DrainJobSnapshot } from '../maintenance/drain-job-store';
import { Subscribable } from '../subscribable';
import {
  BRIDGE_PROTOCOL_VERSION,
  type BridgeMethod,
  type ClientMessage,
  type ServerMessage,
  type ViewSpec,
} from './bridge-protocol';
import type {
  ComparisonQuery,
  ComparisonSnapshot,
  DrainRequest,
  ExportFile,
  ExportRequest,
  FleetActions,
  FleetClient,
  FleetEventHandler,
  FleetEventType,
  FleetResourcesSnapshot,
  FleetView,
  PermissionQuery,
  PermissionSnapshot,
  PodLogQuery,
  PodLogSnapshot,
  ResourceQuery,
} from './fleet-client';
import { BRIDGE_SUBJECT, bridgeError, rehydrateError, type ErrorSubject } from './remote-errors';
import { EMPTY_FLEET, adoptFleet, applyFleetDelta } from './remote-fleet-state';
import { RemoteLink, type RemoteLinkSnapshot, type WebSocketConstructor } from './remote-link';
import { PendingRequests } from './remote-requests';
import { FilteredDrainJobs } from './remote-drain-jobs';
import { applyResourcesDelta } from './remote-resources';
import { RemoteView, viewKey, type RemoteViewHost } from './remote-view';
import { failedSnapshot, pendingSnapshot } from './remote-view-snapshots';

/** Reconnect timing; the defaults suit a console talking to its own server. */
export const DEFAULT_RECONNECT: Readonly<Required<Omit<BackoffOptions, 'clock' | 'random'>>> = {
  initialMs: 500,
  maxMs: 10_000,
  factor: 2,
  jitter: 1,
  resetAfterMs: 120_000,
};

export interface ConnectFleetOptions {
  /** The token the server was started with. Sent in the WebSocket handshake, never in a message. */
  token: string;
  /** Default `globalThis.WebSocket` (browsers, Node ≥ 22); pass `ws`'s `WebSocket` on Node 20. */
  WebSocket?: WebSocketConstructor;
  /** Backoff between reconnects (jittered, see {@link DEFAULT_RECONNECT}); `false` never reconnects. */
  reconnect?: Omit<BackoffOptions, 'clock' | 'random'> | false;
  /** How long a request waits for its answer (default 60 s; 0 waits for ever). */
  requestTimeoutMs?: number;
  clock?: Clock;
  random?: RandomSource;
}

/** A {@link FleetClient} over the bridge; its `link` also counts reconnect attempts and dropped events. */
export interface RemoteFleetClient extends FleetClient {
  readonly link: FleetView<RemoteLinkSnapshot>;
}

/**
 * Connects to a fleet held by a Node process running `createFleetServer`, and returns a
 * `FleetClient` the React kit can use as if the fleet were in-process. Browser-safe. The link
 * reconnects with jittered backoff and resynchronises (a fresh fleet snapshot, every subscribed
 * view re-opened); requests pending when it drops are rejected with a `transport` error.
 */
export function connectFleet(url: string, options: ConnectFleetOptions): RemoteFleetClient {
  const client = new BridgeClient(url, options);
  client.start();
  return client;
}

class BridgeClient extends Subscribable<() => void> implements RemoteFleetClient, RemoteViewHost {
  readonly link: RemoteLink;
  readonly actions: FleetActions;
  private fleet: FleetSnapshot = EMPTY_FLEET;
  private clusterIndex = new Map<string, ClusterSnapshot>();
  private readonly handlers = new Set<FleetEventHandler>();
  private readonly viewsByKey = new Map<string, RemoteView>();
  private readonly viewsById = new Map<string, RemoteView>();
  private readonly requests: PendingRequests;
  private send: ((text: string) => void) | null = null;
  private viewSequence = 0;
  /** Every drain job; the one server subscription behind every `drainJobs(filter)` view. */
  private allDrainJobs: RemoteView<readonly DrainJobSnapshot[]> | null = null;
  private closed = false;

  constructor(url: string, options: ConnectFleetOptions) {
    super();
    const WebSocketClass =
      options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!WebSocketClass)
      throw new TypeError('connectFleet: no WebSocket implementation; pass one as options.WebSocket');
    if (typeof options.token !== 'string' || options.token === '')
      throw new TypeError('connectFleet: options.token is required');
    const clock = options.clock ?? systemClock;
    this.requests = new PendingRequests(clock, options.requestTimeoutMs ?? 60_000);
    const backoff =
      options.reconnect === false
        ? null
        : new Backoff({
            ...DEFAULT_RECONNECT,
            ...options.reconnect,
            clock,
            random: options.random ?? defaultRandom,
          });
    this.link = new RemoteLink(
      { url, token: options.token, WebSocket: WebSocketClass, backoff, clock },
      {
        opened: (send) => (this.send = send),
        received: (text) => this.receive(text),
        lost: (reason) => this.lost(reason),
      },
    );
    this.actions = this.createActions();
  }

  start(): void {
    this.link.start();
  }

  getSnapshot = (): FleetSnapshot => this.fleet;

  getCluster(clusterId: string): ClusterSnapshot | undefined {
    return this.clusterIndex.get(clusterId);
  }

  setActive(clusterId: string | null): Promise<void> {
    return this.call('setActive', [clusterId], clusterId ?? undefined) as Promise<void>;
  }

  connect(clusterId: string): Promise<void> {
    return this.call('connect', [clusterId], clusterId) as Promise<void>;
  }

  disconnect(clusterId: string): Promise<void> {
    return this.call('disconnect', [clusterId], clusterId) as Promise<void>;
  }

  retryAuth(clusterId: string): Promise<void> {
    return this.call('retryAuth', [clusterId], clusterId) as Promise<void>;
  }

  export(request: ExportRequest): Promise<ExportFile> {
    return this.call('export', [request]) as Promise<ExportFile>;
  }

  onEvent(handler: FleetEventHandler): () => void {
    this.handlers.add(handler);
    return () => void this.handlers.delete(handler);
  }

  resources<T extends KubeObjectLike = KubeObjectLike>(
    query: ResourceQuery,
  ): FleetView<FleetResourcesSnapshot<T>> {
    return this.view({ type: 'resources', query }) as RemoteView<FleetResourcesSnapshot<T>>;
  }

  comparison(query: ComparisonQuery): FleetView<ComparisonSnapshot> {
    return this.view({ type: 'comparison', query }) as RemoteView<ComparisonSnapshot>;
  }

  permissions(query: PermissionQuery): FleetView<PermissionSnapshot> {
    return this.view({ type: 'permissions', query }) as RemoteView<PermissionSnapshot>;
  }

  drainJobs(filter: DrainJobFilter = {}): FleetView<readonly DrainJobSnapshot[]> {
    this.allDrainJobs ??= this.view({ type: 'drainJobs' }) as RemoteView<readonly DrainJobSnapshot[]>;
    return new FilteredDrainJobs(this.allDrainJobs, filter);
  }

  podLogs(clusterId: string, query: PodLogQuery): FleetView<PodLogSnapshot> {
    return this.view({ type: 'podLogs', clusterId, query }) as RemoteView<PodLogSnapshot>;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.link.close();
    this.requests.failAll('cancelled', 'the fleet client was closed');
  }

  attach(view: RemoteView): void {
    if (this.closed) return;
    if (!this.viewsByKey.has(view.key)) this.viewsByKey.set(view.key, view);
    this.viewsById.set(view.id, view);
    this.openView(view);
  }

  detach(view: RemoteView): void {
    if (this.viewsByKey.get(view.key) === view) this.viewsByKey.delete(view.key);
    this.viewsById.delete(view.id);
    view.synced = false;
    this.post({ type: 'view:close', id: view.id });
  }

  private view(spec: ViewSpec): RemoteView {
    const key = viewKey(spec);
    const existing = this.viewsByKey.get(key);
    if (existing) return existing;
    const view = new RemoteView(
      `v${++this.viewSequence}`,
      key,
      spec,
      pendingSnapshot(spec, this.fleet),
      this,
    );
    // Held by key only while subscribed (see attach/detach), so unused views are garbage.
    return view;
  }

  private openView(view: RemoteView): void {
    view.synced = false;
    this.post({ type: 'view:open', id: view.id, view: view.spec });
  }

  private post(message: ClientMessage): boolean {
    if (!this.send || this.link.state !== 'open') return false;
    this.send(JSON.stringify(message));
    return true;
  }

  private call(method: BridgeMethod, args: unknown[], clusterId?: string): Promise<unknown> {
    const subject: ErrorSubject =
      clusterId === undefined
        ? BRIDGE_SUBJECT
        : { clusterId, clusterName: this.clusterIndex.get(clusterId)?.clusterName ?? clusterId };
    if (this.closed)
      return Promise.reject(bridgeError('cancelled', `${method}: the fleet client was closed`, subject));
    if (this.link.state !== 'open' || !this.send) {
      return Promise.reject(
        bridgeError(
          'transport',
          `${method}: not connected to the fleet server (${this.link.state})`,
          subject,
        ),
      );
    }
    const { id, answer } = this.requests.add(method, subject);
    this.post({ type: 'request', id, method, args });
    return answer;
  }

  private createActions(): FleetActions {
    const run = (method: BridgeMethod, clusterId: string, args: unknown[]) =>
      this.call(method, [clusterId, ...args], clusterId);
    return {
      cordon: (clusterId, node) => run('actions.cordon', clusterId, [node]) as Promise<void>,
      uncordon: (clusterId, node) => run('actions.uncordon', clusterId, [node]) as Promise<void>,
      drain: (clusterId, node, options?: DrainRequest) =>
        run('actions.drain', clusterId, options === undefined ? [node] : [node, options]) as Promise<{
          clusterId: string;
          jobId: string;
        }>,
      cancelDrain: (clusterId, jobId) => run('actions.cancelDrain', clusterId, [jobId]) as Promise<void>,
      scale: (clusterId, kind, name, namespace, replicas) =>
        run('actions.scale', clusterId, [kind, name, namespace, replicas]) as Promise<void>,
      restart: (clusterId, kind, name, namespace) =>
        run('actions.restart', clusterId, [kind, name, namespace]) as Promise<void>,
      delete: (clusterId, kind, name, namespace) =>
        run(
          'actions.delete',
          clusterId,
          namespace === undefined ? [kind, name] : [kind, name, namespace],
        ) as Promise<void>,
    };
  }

  private receive(text: string): void {
    let message: ServerMessage;
    try {
      message = JSON.parse(text) as ServerMessage;
    } catch {
      this.link.resync('unreadable message from the fleet server');
      return;
    }
    switch (message.type) {
      case 'hello':
        return this.hello(message);
      case 'fleet': {
        const next = applyFleetDelta(this.fleet, message);
        if (next) this.setFleet(next);
        else this.link.resync('fleet update did not fit the local state');
        return;
      }
      case 'event':
        return this.dispatch(message.name, message.payload);
      case 'view':
        return this.viewMessage(message);
      case 'view:error': {
        const view = this.viewsById.get(message.id);
        if (view) view.set(failedSnapshot(view.spec, view.getSnapshot(), this.fleet, message.error));
        return;
      }
      case 'result':
        return this.requests.resolve(message.id, message.value);
      case 'error':
        if (message.id !== null) this.requests.reject(message.id, rehydrateError(message.error));
        return;
      case 'dropped':
        return this.link.countDropped(message.events);
    }
  }

  private hello(message: Extract<ServerMessage, { type: 'hello' }>): void {
    if (message.protocol !== BRIDGE_PROTOCOL_VERSION) {
      this.link.close(`unsupported protocol version ${String(message.protocol)}`);
      return;
    }
    this.setFleet(adoptFleet(this.fleet, message.fleet));
    this.link.markOpen();
    for (const view of this.viewsById.values()) this.openView(view);
  }

  private viewMessage(message: Extract<ServerMessage, { type: 'view' }>): void {
    const view = this.viewsById.get(message.id);
    if (!view) return;
    if ('snapshot' in message) {
      view.synced = true;
      view.set(message.snapshot);
      return;
    }
    const next = view.synced
      ? applyResourcesDelta(view.getSnapshot() as FleetResourcesSnapshot, message.delta)
      : null;
    // A delta that does not fit: ask for the whole view again rather than show a wrong list.
    if (next) view.set(next);
    else this.openView(view);
  }

  private dispatch(name: string, payload: unknown): void {
    for (const handler of [...this.handlers]) {
      try {
        handler(name as FleetEventType, payload as FleetBusEvents[FleetEventType]);
      } catch (error) {
        // One faulty handler must not starve the others; surface it without breaking the loop.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  private setFleet(next: FleetSnapshot): void {
    if (next === this.fleet) return;
    this.fleet = next;
    this.clusterIndex = new Map(next.clusters.map((cluster) => [cluster.clusterId, cluster]));
    for (const listener of [...this.listeners]) listener();
  }

  private lost(reason: string): void {
    this.send = null;
    for (const view of this.viewsById.values()) view.synced = false;
    if (!this.closed)
      this.requests.failAll(
        'transport',
        `connection to the fleet server lost (${reason}) before the answer; the operation may or may not have been applied`,
      );
  }
}
