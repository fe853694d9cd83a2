import type { ClusterSession } from '../cluster-session';
import type { FlotillaError } from '../errors';

/** Remote command subprotocols we speak, preferred first. */
export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;

/** First byte of every `channel.k8s.io` message. `close` (v5 only) half-closes a stream. */
export const EXEC_CHANNEL = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

export interface ExecCommand {
  namespace: string;
  pod: string;
  container?: string;
  command: readonly string[];
  tty?: boolean;
  stdin?: boolean;
}

/** The connection a connector opened; messages are channel-prefixed binary frames. */
export interface ExecSocket {
  readonly protocol: string;
  send(data: Uint8Array): void;
  close(): void;
}

export interface ExecSocketHandlers {
  onMessage(data: Uint8Array): void;
  /** The connection ended; `error` when it broke rather than closed. */
  onClose(error?: FlotillaError): void;
}

export interface ExecConnectRequest {
  session: ClusterSession;
  /** `/api/v1/namespaces/<ns>/pods/<pod>/exec?command=…` */
  path: string;
  protocols: readonly string[];
  signal: AbortSignal;
}

/**
 * Opens the exec connection of one cluster (a WebSocket in Node, see `WebSocketExecConnector`).
 * Rejects with a FlotillaError naming that cluster (401, 403, 404, TLS …).
 */
export type ExecConnector = (
  request: ExecConnectRequest,
  handlers: ExecSocketHandlers,
) => Promise<ExecSocket>;

/** The `pods/exec` path and query for a command. */
export function execPath(command: ExecCommand): string {
  const params = new URLSearchParams();
  for (const word of command.command) params.append('command', word);
  if (command.container !== undefined) params.set('container', command.container);
  params.set('stdin', String(command.stdin ?? false));
  params.set('stdout', 'true');
  // A terminal has no separate stderr.
  params.set('stderr', String(!(command.tty ?? false)));
  params.set('tty', String(command.tty ?? false));
  const ns = encodeURIComponent(command.namespace);
  return `/api/v1/namespaces/${ns}/pods/${encodeURIComponent(command.pod)}/exec?${params.toString()}`;
}

/**
 * Reads the error channel's `metav1.Status`: `Success` is exit code 0, a `NonZeroExitCode` failure
 * carries the code in its `ExitCode` cause; any other failure has no exit code.
 */
export function parseExitStatus(text: string): { exitCode: number | null; message?: string } {
  let status: {
    status?: string;
    reason?: string;
    message?: string;
    details?: { causes?: Array<{ reason?: string; message?: string }> };
  };
  try {
    status = JSON.parse(text) as typeof status;
  } catch {
    return { exitCode: null, message: `unreadable exit status: ${text.slice(0, 200)}` };
  }
  if (status.status === 'Success') return { exitCode: 0 };
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  const code = cause?.message !== undefined ? Number.parseInt(cause.message, 10) : Number.NaN;
  if (status.reason === 'NonZeroExitCode' && Number.isInteger(code)) return { exitCode: code };
  return { exitCode: null, message: status.message ?? 'command failed' };
}

export function frame(channel: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(payload.length + 1);
  out[0] = channel;
  out.set(payload, 1);
  return out;
}
