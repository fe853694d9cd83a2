import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ResourceType } from '../api/resources';
import { errors, type ApiError } from '../api/status';
import type { KubeObject } from '../api/types';
import { forbiddenMessage, isAllowed, type ResourceAttributes } from '../auth/authorizer';
import type { User } from '../auth/users';
import type { ServerContext } from './context';
import { EXEC_PROTOCOLS, ExecSession, type ExecProtocol } from './exec-session';
import type { RequestLog } from './request-log';
import { asApiError, authenticate } from './router';

const EXEC_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/exec\/?$/;

interface ExecTarget {
  namespace: string;
  pod: KubeObject;
  container: string;
  argv: string[];
  flags: { stdin: boolean; stdout: boolean; stderr: boolean; tty: boolean };
}

const flag = (params: URLSearchParams, name: string, fallback: boolean) => {
  const value = params.get(name);
  return value === null ? fallback : value === 'true' || value === '1';
};

/** The first subprotocol the client offers that we serve (the client lists its preference first). */
export function pickExecProtocol(offered: readonly string[]): ExecProtocol | undefined {
  return offered.find((p): p is ExecProtocol => (EXEC_PROTOCOLS as readonly string[]).includes(p));
}

/**
 * `pods/exec` over WebSocket (`v5.channel.k8s.io`, `v4.channel.k8s.io`) on the HTTPS server's
 * `upgrade` event: authentication and `create pods/exec` authorization as for any request, then a
 * simulated shell per connection. A hung cluster holds new upgrades and freezes open sessions.
 */
export class ExecServer {
  private readonly wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => pickExecProtocol([...protocols]) ?? false,
  });
  private readonly sessions = new Set<ExecSession>();
  private readonly held = new Set<{ socket: Duplex; resume: () => void }>();

  constructor(
    private readonly ctx: ServerContext,
    private readonly requestLog: RequestLog,
  ) {}

  get openSessionCount(): number {
    return this.sessions.size;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => undefined);
    if (this.ctx.faults.hung) {
      const held = { socket, resume: () => this.handleUpgrade(req, socket, head) };
      this.held.add(held);
      socket.on('close', () => this.held.delete(held));
      return;
    }
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    let user: string | null = null;
    let credential: string | null = null;
    const log = (status: number) =>
      this.requestLog.add({
        at: Date.now(),
        method: req.method ?? 'GET',
        path: `${url.pathname}${url.search}`,
        user,
        credential,
        status,
        durationMs: performance.now() - started,
        watch: false,
        faults: [],
      });
    try {
      const identity = authenticate(this.ctx, req);
      credential = identity.credential;
      if (identity.rejected || !identity.user) throw errors.unauthorized();
      user = identity.user.name;
      const target = this.resolve(url, identity.user);
      const protocol = pickExecProtocol(
        (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()),
      );
      if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket' || !protocol) {
        throw errors.badRequest(
          `pods/exec is served over WebSocket with subprotocol ${EXEC_PROTOCOLS.join(' or ')} only`,
        );
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        log(101);
        this.open(ws, target);
      });
    } catch (error) {
      const apiError = asApiError(error);
      log(apiError.code);
      rejectUpgrade(socket, apiError);
    }
  }

  /** After a hang: answers held upgrades and lets frozen sessions catch up. */
  release(): void {
    const held = [...this.held];
    this.held.clear();
    for (const request of held) request.resume();
    for (const session of this.sessions) session.flush();
  }

  /** Drops every exec connection, held or open (the cluster stops or refuses connections). */
  closeAll(): void {
    for (const held of this.held) held.socket.destroy();
    this.held.clear();
    for (const session of this.sessions) session.terminate();
    this.sessions.clear();
  }

  private open(ws: WebSocket, target: ExecTarget): void {
    const container = (
      (
        target.pod['spec'] as {
          containers?: Array<{ name: string; env?: Array<{ name: string; value?: string }> }>;
        }
      ).containers ?? []
    ).find((c) => c.name === target.container);
    const env: Record<string, string> = {
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      HOSTNAME: target.pod.metadata.name,
      ...(target.flags.tty ? { TERM: 'xterm' } : {}),
      KUBERNETES_SERVICE_HOST: '10.96.0.1',
      KUBERNETES_SERVICE_PORT: '443',
      HOME: '/root',
    };
    for (const variable of container?.env ?? [])
      if (variable.value !== undefined) env[variable.name] = variable.value;
    const session = new ExecSession(ws, {
      argv: target.argv,
      ...target.flags,
      context: { hostname: target.pod.metadata.name, env },
      isHung: () => this.ctx.faults.hung,
    });
    this.sessions.add(session);
    ws.on('close', () => this.sessions.delete(session));
  }

  private resolve(url: URL, user: User): ExecTarget {
    const match = EXEC_PATH.exec(url.pathname);
    if (!match) throw errors.pathNotFound();
    const namespace = decodeURIComponent(match[1] as string);
    const name = decodeURIComponent(match[2] as string);
    const attributes: ResourceAttributes = {
      verb: 'create',
      group: '',
      resource: 'pods',
      subresource: 'exec',
      namespace,
      name,
    };
    if (!isAllowed(user.allow, user.deny, attributes)) {
      throw errors.forbidden(forbiddenMessage(user.name, attributes), { name, group: '', kind: 'pods' });
    }
    const podType = this.ctx.registry.lookup('', 'v1', 'pods') as ResourceType;
    const pod = this.ctx.store.get(podType, namespace, name);
    if (!pod) throw errors.notFound(podType, name);
    const params = url.searchParams;
    const containers = ((pod['spec'] as { containers?: Array<{ name: string }> }).containers ?? []).map(
      (c) => c.name,
    );
    const requested = params.get('container');
    if (!requested && containers.length > 1) {
      throw errors.badRequest(
        `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`,
      );
    }
    const container = requested ?? containers[0] ?? '';
    if (!containers.includes(container)) {
      throw errors.badRequest(`container ${container} is not valid for pod ${name}`);
    }
    const argv = params.getAll('command');
    if (argv.length === 0) throw errors.badRequest('you must specify at least one command for the container');
    const flags = {
      stdin: flag(params, 'stdin', false),
      stdout: flag(params, 'stdout', true),
      stderr: flag(params, 'stderr', true),
      tty: flag(params, 'tty', false),
    };
    return { namespace, pod, container, argv, flags };
  }
}

/** An HTTP answer on the raw socket, with the apiserver's Status body, for an upgrade we refuse. */
function rejectUpgrade(socket: Duplex, error: ApiError): void {
  if (socket.destroyed) return;
  const body = JSON.stringify(error.toStatus());
  const reason = error.reason.replace(/([a-z])([A-Z])/g, '$1 $2');
  socket.end(
    `HTTP/1.1 ${error.code} ${reason}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
