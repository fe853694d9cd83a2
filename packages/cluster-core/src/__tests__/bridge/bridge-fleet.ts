import type { FleetClient } from '../../client/fleet-client';
import { createLocalFleetClient } from '../../client/local-fleet-client';
import {
  connectFleet,
  type ConnectFleetOptions,
  type RemoteFleetClient,
} from '../../client/remote-fleet-client';
import { createFleetServer, type FleetServer, type FleetServerOptions } from '../../node/bridge/fleet-server';
import {
  startConformanceFleet,
  type ConformanceFleet,
  type ConformanceSetup,
} from '../client/conformance-fleet';
import { ORIGIN, TOKEN, capturingSockets, waitForView, type CapturingSockets } from './bridge-harness';

type ServerSettings = Omit<FleetServerOptions, 'manager' | 'client' | 'token' | 'allowedOrigins'>;

export interface BridgeFleet {
  fixture: ConformanceFleet;
  /** The in-process client the server wraps. */
  local: FleetClient;
  server: FleetServer;
  /** A bridge client as a page on ORIGIN would open it, recording its frames. */
  connect(options?: Partial<ConnectFleetOptions>): { client: RemoteFleetClient; sockets: CapturingSockets };
  idOf(name: string): string;
  /** Stops the server and starts a new one on the same port (the local client and fleet stay). */
  restart(between?: () => Promise<void> | void): Promise<void>;
  close(): Promise<void>;
}

/** A simulated fleet in a ClusterManager, served by a real bridge server on 127.0.0.1. */
export async function startBridgeFleet(
  setup: ConformanceSetup = {},
  settings: ServerSettings = {},
): Promise<BridgeFleet> {
  const fixture = await startConformanceFleet(setup);
  const local = createLocalFleetClient(fixture.manager, fixture.clientOptions());
  const serve = (port: number) =>
    createFleetServer({
      ...settings,
      manager: fixture.manager,
      client: local,
      token: TOKEN,
      allowedOrigins: [ORIGIN],
      port,
    });
  const clients: RemoteFleetClient[] = [];
  const bridge: BridgeFleet = {
    fixture,
    local,
    server: await serve(settings.port ?? 0),
    connect(options = {}) {
      const sockets = capturingSockets(ORIGIN);
      const client = connectFleet(bridge.server.url, {
        token: TOKEN,
        WebSocket: sockets.WebSocket,
        reconnect: { initialMs: 50, maxMs: 400 },
        ...options,
      });
      clients.push(client);
      return { client, sockets };
    },
    idOf(name) {
      const session = fixture.manager.list().find((s) => s.clusterName === name);
      if (!session) throw new Error(`no cluster named ${name}`);
      return session.clusterId;
    },
    async restart(between) {
      const port = bridge.server.port;
      await bridge.server.close();
      await between?.();
      bridge.server = await serve(port);
    },
    async close() {
      for (const client of clients) client.close();
      await bridge.server.close();
      local.close();
      await fixture.close();
    },
  };
  return bridge;
}

export const linkOpen = (client: RemoteFleetClient, timeoutMs = 10_000) =>
  waitForView(client.link, (link) => link.state === 'open', timeoutMs, 'bridge link open');

/** Stores a running pod in `default` of one simulated cluster, as if something created it there. */
export function seedPod(bridge: BridgeFleet, cluster: string, name: string): void {
  bridge.fixture.fleet.cluster(cluster).seed([
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: 'default',
        uid: `default-${name}`,
        resourceVersion: '',
        creationTimestamp: '2026-01-01T00:00:00Z',
      },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
      status: { phase: 'Running' },
    },
  ]);
}
