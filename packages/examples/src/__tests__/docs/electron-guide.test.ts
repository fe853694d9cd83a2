/**
 * The main-process snippet of docs/guides/electron.md, run in plain Node against a simulated fleet,
 * with the renderer played by `connectFleet` over `ws` (sending the Origin a renderer would send).
 * Keep `startFleet` in step with the guide.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ClusterManager,
  connectFleet,
  createLocalFleetClient,
  type FleetClient,
} from '@flotilla/cluster-core';
import {
  FilePreferenceStore,
  KubeconfigSync,
  createBridgeToken,
  createFleetServer,
} from '@flotilla/cluster-core/node';
import { startSimulatedFleet, type SimulatedFleet } from '@flotilla/cluster-testkit';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// ── main/fleet.ts of the guide ──────────────────────────────────────────────────────────────────
interface FleetOptions {
  /** A fixed loopback port: the renderer's localStorage belongs to its origin. */
  port: number;
  /** Serves the renderer's built files (index.html, assets). */
  serveRenderer: (req: IncomingMessage, res: ServerResponse) => void;
  preferencesPath: string;
  kubeconfig?: string;
}

async function startFleet({ port, serveRenderer, preferencesPath, kubeconfig }: FleetOptions) {
  const manager = new ClusterManager({
    connect: 'recent', // the clusters used lately connect at start, the others when selected
    preferences: new FilePreferenceStore({ path: preferencesPath }),
  });
  const sync = await KubeconfigSync.start(manager, { watch: true, ...(kubeconfig ? { kubeconfig } : {}) });
  manager.events.on('fleet:active-changed', ({ clusterId }) => {
    if (clusterId && manager.get(clusterId)?.getSnapshot().connection === 'idle')
      void manager.connect(clusterId);
  });
  const client = createLocalFleetClient(manager);

  const server = createServer(serveRenderer);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const token = createBridgeToken();
  const bridge = await createFleetServer({
    manager,
    client,
    token,
    server,
    path: '/flotilla',
    allowedOrigins: [origin], // only the renderer's pages
    allowMissingOrigin: false, // every caller must look like a page of that origin
  });

  return {
    rendererUrl: `${origin}/`,
    /** What the preload script hands the renderer: where the bridge is and its token. */
    bridge: { url: bridge.url, token },
    async close() {
      await bridge.close();
      client.close(); // a client passed to createFleetServer stays open: it is ours
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      sync.close();
      manager.dispose();
    },
  };
}
// ─────────────────────────────────────────────────────────────────────────────────────────────────

/** `ws` playing a renderer of `origin` (a browser sends Origin by itself). */
function rendererSocket(origin: string) {
  return class extends WebSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols, { origin });
    }
  };
}

function until(client: FleetClient, predicate: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      offLink();
      reject(new Error(`timed out waiting for ${what}`));
    }, 10_000);
    const check = () => {
      if (!predicate()) return;
      clearTimeout(timer);
      off();
      offLink();
      resolve();
    };
    const off = client.subscribe(check);
    const offLink = client.link.subscribe(check);
    check();
  });
}

let sim: SimulatedFleet;
let dir: string;
let fleet: Awaited<ReturnType<typeof startFleet>>;

beforeAll(async () => {
  sim = await startSimulatedFleet({ clusters: 2, podsPerCluster: 10 });
  dir = await mkdtemp(join(tmpdir(), 'flotilla-electron-guide-'));
  fleet = await startFleet({
    port: 0,
    serveRenderer: (_req, res) => res.end('<!doctype html><div id="root"></div>'),
    preferencesPath: join(dir, 'preferences.json'),
    kubeconfig: sim.kubeconfigPath,
  });
});

afterAll(async () => {
  await fleet?.close();
  await sim?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('docs/guides/electron.md', () => {
  it('serves the renderer and its fleet from one loopback origin; selecting a cluster connects it', async () => {
    expect((await fetch(fleet.rendererUrl)).status).toBe(200);
    const origin = new URL(fleet.rendererUrl).origin;
    const client = connectFleet(fleet.bridge.url, {
      token: fleet.bridge.token,
      WebSocket: rendererSocket(origin),
    });
    try {
      await until(client, () => client.link.getSnapshot().state === 'open', 'the link');
      const clusters = client.getSnapshot().clusters;
      expect(clusters.map((c) => c.clusterName)).toEqual(['sim-1', 'sim-2']);
      // Nothing used lately, so nothing connected and nothing selected.
      expect(clusters.map((c) => c.connection)).toEqual(['idle', 'idle']);
      expect(client.getSnapshot().activeClusterId).toBeNull();

      const chosen = clusters[1]?.clusterId ?? '';
      await client.setActive(chosen);
      await until(
        client,
        () => client.getCluster(chosen)?.connection === 'connected',
        'the selected cluster to connect',
      );
      expect(client.getCluster(clusters[0]?.clusterId ?? '')?.connection).toBe('idle');
    } finally {
      client.close();
    }
  });

  it('refuses a page of another origin', async () => {
    const client = connectFleet(fleet.bridge.url, {
      token: fleet.bridge.token,
      WebSocket: rendererSocket('http://evil.example'),
    });
    try {
      await until(client, () => client.link.getSnapshot().state === 'closed', 'the refusal');
      expect(client.link.getSnapshot().reason).toBe('origin not allowed');
    } finally {
      client.close();
    }
  });
});
