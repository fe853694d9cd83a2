import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyFaultSpec, FaultSpecError } from '../faults/fault-spec';
import type { SimulatedFleet } from './simulated-fleet';
import { writePrivateFile } from './atomic-file';

export interface ControlEndpoint {
  url: string;
  token: string;
}

export interface ClusterSummary {
  name: string;
  url: string;
  flavor: string;
  version: string;
  faults: string[];
}

export const summarize = (fleet: SimulatedFleet): ClusterSummary[] =>
  fleet.clusters.map((c) => ({
    name: c.name,
    url: c.url,
    flavor: c.flavor,
    version: c.version.gitVersion,
    faults: c.faults.active(),
  }));

/** Path of the file that tells `flotilla-sim fault|heal` how to reach a running fleet. */
export const controlFilePath = (kubeconfigPath: string) => `${kubeconfigPath}.control.json`;

/**
 * Loopback HTTP endpoint that changes a running fleet's faults. Every request needs the bearer token
 * written (0600) next to the kubeconfig.
 */
export class ControlServer {
  private constructor(
    private readonly server: Server,
    readonly endpoint: ControlEndpoint,
  ) {}

  static async start(fleet: SimulatedFleet, port = 0): Promise<ControlServer> {
    const token = randomBytes(24).toString('base64url');
    const server = createServer((req, res) => void handle(fleet, token, req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const endpoint = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token };
    await writePrivateFile(controlFilePath(fleet.kubeconfigPath), JSON.stringify(endpoint));
    return new ControlServer(server, endpoint);
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function authorized(req: IncomingMessage, token: string): boolean {
  const presented = Buffer.from((req.headers.authorization ?? '').replace(/^Bearer\s+/i, ''));
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req as AsyncIterable<Buffer>) {
    text += chunk.toString('utf8');
    if (text.length > 64 * 1024) throw new FaultSpecError('request body too large');
  }
  if (!text) return {};
  const value: unknown = JSON.parse(text);
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

async function handle(
  fleet: SimulatedFleet,
  token: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (!authorized(req, token)) return send(res, 401, { error: 'unauthorized' });
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  if (req.method === 'GET' && path === '/clusters') return send(res, 200, { clusters: summarize(fleet) });
  const match = /^\/clusters\/([^/]+)\/(fault|heal)$/.exec(path);
  if (!match || req.method !== 'POST')
    return send(res, 404, { error: `no such endpoint: ${req.method} ${path}` });
  const name = decodeURIComponent(match[1] as string);
  const cluster = fleet.clusters.find((c) => c.name === name);
  if (!cluster) return send(res, 404, { error: `unknown cluster "${name}"`, clusters: fleet.names });
  try {
    if (match[2] === 'heal') await cluster.faults.heal();
    else {
      const body = await readJson(req);
      if (typeof body['fault'] !== 'string') throw new FaultSpecError('body must be {"fault": "<spec>"}');
      await applyFaultSpec(cluster, body['fault']);
    }
    return send(res, 200, { cluster: name, faults: cluster.faults.active() });
  } catch (error) {
    const status =
      error instanceof FaultSpecError || error instanceof SyntaxError || error instanceof RangeError
        ? 400
        : 500;
    return send(res, status, { error: (error as Error).message });
  }
}
