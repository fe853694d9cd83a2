import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timingSafeEqual, createHash } from 'node:crypto';
import {
  ClusterManager,
  MemoryPreferenceStore,
  type ClusterManagerOptions,
  type PreferenceStore,
} from '@flotilla/cluster-core';
import {
  KubeconfigSync,
  FilePreferenceStore,
  createBridgeToken,
  createFleetServer,
  type FleetServer,
} from '@flotilla/cluster-core/node';
import { startSimulatedFleet, type SimulatedFleet } from '@flotilla/cluster-testkit';
import { ChaosControl, ChaosError } from './chaos';
import { buildConsole, devConsole, type ConsoleAssets } from './console-assets';

export interface DemoOptions {
  /** Manage these real clusters (a `KUBECONFIG`-style list) instead of a simulated fleet. */
  kubeconfig?: string;
  host?: string;
  /** Default 7070; 0 picks a free port. */
  port?: number;
  /** Simulated fleet size (default 5) and pods per cluster (default 60). */
  clusters?: number;
  podsPerCluster?: number;
  /** Pod churn per simulated cluster, events per second (default 1). */
  churnPerSecond?: number;
  /** Serve the console through Vite's dev server instead of a production build. */
  dev?: boolean;
  /** Build and serve the console (default true); tests of the server alone turn it off. */
  serveConsole?: boolean;
  /** Where the manager keeps the active cluster and recent clusters; default a file for real clusters. */
  preferences?: PreferenceStore;
  /** Session settings, e.g. faster heartbeats in tests. */
  session?: ClusterManagerOptions['session'];
  log?: (line: string) => void;
}

export interface Demo {
  /** The server's base URL. */
  url: string;
  /** The URL to open: the base URL with the access token in its fragment (never sent to a server). */
  consoleUrl: string;
  /** Admits a page to the bridge and the chaos endpoint; not a cluster credential. */
  token: string;
  manager: ClusterManager;
  /** The simulated fleet, or null when managing real clusters. */
  simulated: SimulatedFleet | null;
  bridge: FleetServer;
  close(): Promise<void>;
}

/**
 * What the console learns about its server. The access token is not in it: the console takes it
 * from the fragment of the URL the demo printed, so another local process or page that can reach
 * the port still cannot reach the clusters.
 */
export interface DemoConfig {
  bridgePath: string;
  simulated: boolean;
  /** Group of each cluster for the switcher (the user can refile clusters; this is the default). */
  groups: Record<string, string>;
}

const NO_CONSOLE: ConsoleAssets = { handle: (_url, _res, next) => next(), close: async () => {} };

const SIMULATED_GROUPS: Record<string, string> = {
  'sim-1': 'production',
  'sim-2': 'production',
  'sim-3': 'staging',
  'sim-4': 'staging',
  'sim-5': 'development',
};

/**
 * Starts the demo: a simulated fleet (or the clusters of a kubeconfig), a ClusterManager over it,
 * the browser bridge and the console, all on one loopback HTTP server.
 */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const log = options.log ?? (() => {});
  const workDir = await mkdtemp(join(tmpdir(), 'flotilla-demo-'));
  const simulated = options.kubeconfig
    ? null
    : await startSimulatedFleet({
        clusters: options.clusters ?? 5,
        podsPerCluster: options.podsPerCluster ?? 60,
        flavors: { 'sim-2': 'openshift' },
        execCredentialClusters: (options.clusters ?? 5) >= 3 ? ['sim-3'] : [],
        churnPerSecond: options.churnPerSecond ?? 1,
        kubeconfigPath: join(workDir, 'kubeconfig'),
      });
  const manager = new ClusterManager({
    // Real clusters connect lazily: the ones used lately, the rest when selected.
    connect: simulated ? 'all' : 'recent',
    preferences: options.preferences ?? (simulated ? new MemoryPreferenceStore() : new FilePreferenceStore()),
    ...(options.session ? { session: options.session } : {}),
  });
  const sync = await KubeconfigSync.start(manager, {
    kubeconfig: simulated ? simulated.kubeconfigPath : (options.kubeconfig as string),
    watch: !simulated,
    onSourceErrors: (errors) =>
      errors.forEach((e) =>
        log(`kubeconfig ${e.source}${e.context ? ` (${e.context})` : ''}: ${e.error.message}`),
      ),
  });
  if (!simulated) {
    // Lazy: a cluster connects when the user selects it.
    manager.events.on('fleet:active-changed', ({ clusterId }) => {
      if (clusterId && manager.get(clusterId)?.getSnapshot().connection === 'idle')
        void manager.connect(clusterId);
    });
  }

  const assets: ConsoleAssets =
    options.serveConsole === false
      ? NO_CONSOLE
      : options.dev
        ? await devConsole()
        : await buildConsole(join(workDir, 'console'));
  const token = createBridgeToken();
  const chaos = simulated ? new ChaosControl(simulated) : null;
  const groups: Record<string, string> = {};
  if (simulated)
    for (const session of manager.list()) {
      const group = SIMULATED_GROUPS[session.clusterName];
      if (group) groups[session.clusterId] = group;
    }

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/demo/config.json') {
      const config: DemoConfig = { bridgePath: '/flotilla', simulated: !!simulated, groups };
      return sendJson(res, 200, config);
    }
    if (url.startsWith('/demo/chaos')) return void handleChaos(req, res, chaos, token);
    assets.handle(url, res, () => sendJson(res, 404, { message: 'not found' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 7070, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host}:${port}/`;
  const bridge = await createFleetServer({
    manager,
    server,
    token,
    path: '/flotilla',
    allowedOrigins: [`http://${host}:${port}`, `http://localhost:${port}`, `http://127.0.0.1:${port}`],
    allowMissingOrigin: false,
  });

  return {
    url,
    consoleUrl: `${url}#token=${token}`,
    token,
    manager,
    simulated,
    bridge,
    close: async () => {
      await bridge.close();
      await assets.close();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      sync.close();
      manager.dispose();
      await simulated?.stop();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

const digest = (value: string) => createHash('sha256').update(value).digest();

async function handleChaos(
  req: IncomingMessage,
  res: ServerResponse,
  chaos: ChaosControl | null,
  token: string,
): Promise<void> {
  if (!chaos) return sendJson(res, 404, { message: 'chaos works only against the simulated fleet' });
  const presented = req.headers['x-flotilla-token'];
  if (typeof presented !== 'string' || !timingSafeEqual(digest(presented), digest(token)))
    return sendJson(res, 401, { message: 'missing or wrong x-flotilla-token' });
  if (req.method === 'GET') return sendJson(res, 200, chaos.state());
  if (req.method !== 'POST') return sendJson(res, 405, { message: 'GET or POST' });
  try {
    const body = JSON.parse(await readBody(req)) as { cluster?: unknown; action?: unknown };
    if (typeof body.cluster !== 'string' || typeof body.action !== 'string')
      return sendJson(res, 400, { message: 'body must be {"cluster": NAME, "action": ACTION}' });
    sendJson(res, 200, await chaos.apply(body.cluster, body.action));
  } catch (error) {
    if (error instanceof ChaosError) return sendJson(res, error.status, { message: error.message });
    sendJson(res, 400, { message: error instanceof SyntaxError ? 'body is not JSON' : String(error) });
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 64 * 1024) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}
