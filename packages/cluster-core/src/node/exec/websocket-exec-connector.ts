import WebSocket from 'ws';
import type { ClusterManager } from '../../cluster-manager';
import type { ClusterSession } from '../../cluster-session';
import { FlotillaError } from '../../errors';
import type { UpgradeTarget } from '../../transport-types';
import type { ExecCommand, ExecConnector, ExecSocket } from '../../exec/exec-protocol';
import { ShellSessionStore } from '../../exec/shell-session-store';
import type { ShellSession } from '../../exec/shell-session';
import { describeNetworkError, networkFailureKind } from '../classify-error';
import { statusError } from '../status-error';

/** Where and how to authenticate one exec connection. */
export type ExecConnection = UpgradeTarget;

export type ExecConnectionResolver = (
  session: ClusterSession,
  signal: AbortSignal,
) => Promise<ExecConnection>;

export interface WebSocketExecConnectorOptions {
  /** Default: the session's own transport (its credentials and TLS settings). */
  resolveConnection?: ExecConnectionResolver;
  /** Until the upgrade is answered. Default 15 s. */
  handshakeTimeoutMs?: number;
}

/** The session's own transport supplies server, credentials and TLS: no second plugin run. */
export const sessionExecConnection: ExecConnectionResolver = async (session, signal) => {
  const target = await session.upgradeTarget(signal);
  return { server: target.server, headers: target.headers, tls: target.tls, secrets: target.secrets };
};

/** Opens `pods/exec` over WebSocket (`v5.channel.k8s.io`, falling back to v4) with the cluster's TLS and credentials. */
export function webSocketExecConnector(options: WebSocketExecConnectorOptions = {}): ExecConnector {
  const resolve = options.resolveConnection ?? sessionExecConnection;
  return async ({ session, path, protocols, signal }, handlers) => {
    const connection = await resolve(session, signal);
    const { tls, headers } = connection;
    const fail = (kind: FlotillaError['kind'], message: string, cause?: unknown) =>
      new FlotillaError({
        kind,
        clusterId: session.clusterId,
        clusterName: session.clusterName,
        message: `GET ${path.split('?')[0]}: ${message}`,
        ...(cause !== undefined ? { cause } : {}),
      });
    const url = `${connection.server.replace(/^http/, 'ws')}${path}`;
    const ws = new WebSocket(url, [...protocols], {
      headers,
      handshakeTimeout: options.handshakeTimeoutMs ?? 15_000,
      ...(tls.ca ? { ca: tls.ca } : {}),
      ...(tls.cert && tls.key ? { cert: tls.cert, key: tls.key } : {}),
      ...(tls.tlsServerName ? { servername: tls.tlsServerName } : {}),
      rejectUnauthorized: !tls.insecureSkipTLSVerify,
    });
    ws.binaryType = 'nodebuffer';
    return new Promise<ExecSocket>((resolveSocket, reject) => {
      let opened = false;
      const onAbort = () => ws.terminate();
      signal.addEventListener('abort', onAbort, { once: true });
      ws.on('unexpected-response', (request, response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          request.destroy();
          reject(
            statusError({
              clusterId: session.clusterId,
              clusterName: session.clusterName,
              method: 'GET',
              path: path.split('?')[0] ?? path,
              status: response.statusCode ?? 0,
              headers: Object.fromEntries(
                Object.entries(response.headers).map(([k, v]) => [
                  k,
                  Array.isArray(v) ? v.join(', ') : (v ?? ''),
                ]),
              ),
              body: Buffer.concat(chunks).toString('utf8'),
              secrets: connection.secrets,
              now: Date.now(),
            }),
          );
        });
      });
      ws.on('open', () => {
        opened = true;
        resolveSocket({
          protocol: ws.protocol,
          send: (data) => ws.send(data),
          close: () => ws.close(1000),
        });
      });
      ws.on('message', (data: Buffer) => handlers.onMessage(new Uint8Array(data)));
      ws.on('error', (error) => {
        const failure = signal.aborted
          ? fail('cancelled', 'cancelled')
          : fail(networkFailureKind(error), describeNetworkError(error), error);
        if (!opened) reject(failure);
        else handlers.onClose(failure);
      });
      ws.on('close', () => {
        signal.removeEventListener('abort', onAbort);
        if (!opened) reject(fail('transport', 'connection closed during the WebSocket handshake'));
        else handlers.onClose();
      });
    });
  };
}

/**
 * Opens a shell in one cluster (BRIEF I9: the clusterId is explicit). Pass a store to list it with
 * the fleet's other shells; otherwise a private store lives as long as the shell.
 */
export async function openShell(
  manager: ClusterManager,
  clusterId: string,
  command: ExecCommand,
  store?: ShellSessionStore,
): Promise<ShellSession> {
  if (store) return store.open(clusterId, command);
  const own = new ShellSessionStore(manager, { connector: webSocketExecConnector() });
  try {
    const shell = await own.open(clusterId, command);
    void shell.done.then(() => own.dispose());
    return shell;
  } catch (error) {
    own.dispose();
    throw error;
  }
}
