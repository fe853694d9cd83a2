import { systemClock, type Clock } from '../clock';
import type { ClusterSession } from '../cluster-session';
import { FlotillaError } from '../errors';
import type { ClusterRef, ShellOutputEvent, ShellStatusEvent } from '../events';
import { Subscribable } from '../subscribable';
import {
  EXEC_CHANNEL,
  EXEC_PROTOCOLS,
  execPath,
  frame,
  parseExitStatus,
  type ExecCommand,
  type ExecConnector,
  type ExecSocket,
} from './exec-protocol';

export type ShellStatus = ShellStatusEvent['status'];

/** One shell as a UI shows it; a new object on every status change. */
export interface ShellSnapshot extends ClusterRef {
  sessionId: string;
  namespace: string;
  pod: string;
  container: string | null;
  command: readonly string[];
  status: ShellStatus;
  exitCode: number | null;
  message: string | null;
  startedAt: number;
  endedAt: number | null;
}

export type ShellOutput = Pick<ShellOutputEvent, 'stream' | 'data'>;

const encoder = new TextEncoder();

/**
 * One exec session in one cluster (BRIEF I9, I10: opened with an explicit clusterId, keyed by
 * (clusterId, sessionId)). Output and status are published on that cluster's session as
 * `cluster:shell:output|status`, so every event names its cluster; `onOutput` serves direct readers.
 */
export class ShellSession extends Subscribable<(snapshot: ShellSnapshot) => void> {
  readonly clusterId: string;
  readonly clusterName: string;
  readonly sessionId: string;
  /** Settles once the shell closed or failed; never rejects. */
  readonly done: Promise<ShellSnapshot>;

  private snapshot: ShellSnapshot;
  private socket: ExecSocket | null = null;
  private readonly controller = new AbortController();
  private readonly decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  private readonly outputListeners = new Set<(output: ShellOutput) => void>();
  private resolveDone: (snapshot: ShellSnapshot) => void = () => undefined;

  constructor(
    private readonly session: ClusterSession,
    sessionId: string,
    private readonly command: ExecCommand,
    private readonly clock: Clock = systemClock,
  ) {
    super();
    this.clusterId = session.clusterId;
    this.clusterName = session.clusterName;
    this.sessionId = sessionId;
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.snapshot = {
      clusterId: session.clusterId,
      clusterName: session.clusterName,
      sessionId,
      namespace: command.namespace,
      pod: command.pod,
      container: command.container ?? null,
      command: [...command.command],
      status: 'connecting',
      exitCode: null,
      message: null,
      startedAt: clock.now(),
      endedAt: null,
    };
    this.publishStatus();
  }

  getSnapshot = (): ShellSnapshot => this.snapshot;

  /** Direct output listener (the same chunks as the `cluster:shell:output` events). */
  onOutput(listener: (output: ShellOutput) => void): () => void {
    this.outputListeners.add(listener);
    return () => this.outputListeners.delete(listener);
  }

  /** Connects; rejects with the cluster's FlotillaError (e.g. `authz`) after reporting `failed`. */
  async connect(connector: ExecConnector): Promise<void> {
    try {
      this.socket = await connector(
        {
          session: this.session,
          path: execPath(this.command),
          protocols: EXEC_PROTOCOLS,
          signal: this.controller.signal,
        },
        { onMessage: (data) => this.onMessage(data), onClose: (error) => this.onClose(error) },
      );
    } catch (error) {
      this.finish('failed', null, error instanceof Error ? error.message : String(error));
      throw error;
    }
    if (this.snapshot.status === 'connecting') this.update({ status: 'open' });
    if (this.controller.signal.aborted) this.socket.close();
  }

  /** Sends to the command's stdin (opened with `stdin: true`). */
  write(data: string | Uint8Array): void {
    this.assertOpen('write');
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    this.socket?.send(frame(EXEC_CHANNEL.stdin, bytes));
  }

  /** Tells the terminal its size (tty sessions). */
  resize(cols: number, rows: number): void {
    this.assertOpen('resize');
    const size = JSON.stringify({ Width: Math.floor(cols), Height: Math.floor(rows) });
    this.socket?.send(frame(EXEC_CHANNEL.resize, encoder.encode(size)));
  }

  /** Signals end of stdin (v5 only; older protocols can only close the whole connection). */
  endInput(): void {
    this.assertOpen('endInput');
    if (this.socket?.protocol === 'v5.channel.k8s.io')
      this.socket.send(new Uint8Array([EXEC_CHANNEL.close, EXEC_CHANNEL.stdin]));
    else this.close();
  }

  /** Ends the session from our side; the exit code stays unknown unless it already arrived. */
  close(): void {
    if (this.ended) return;
    this.controller.abort();
    this.socket?.close();
    this.finish('closed', this.snapshot.exitCode, 'closed by the client');
  }

  private get ended(): boolean {
    return this.snapshot.status === 'closed' || this.snapshot.status === 'failed';
  }

  private assertOpen(what: string): void {
    if (this.snapshot.status === 'open') return;
    throw new FlotillaError({
      kind: 'invalid',
      clusterId: this.clusterId,
      clusterName: this.clusterName,
      message: `shell ${this.sessionId}: cannot ${what} while ${this.snapshot.status}`,
      retryable: false,
    });
  }

  private onMessage(data: Uint8Array): void {
    if (data.length === 0 || this.ended) return;
    const payload = data.subarray(1);
    if (data[0] === EXEC_CHANNEL.stdout || data[0] === EXEC_CHANNEL.stderr) {
      const stream = data[0] === EXEC_CHANNEL.stdout ? 'stdout' : 'stderr';
      const text = this.decoders[stream].decode(payload, { stream: true });
      if (text === '') return;
      this.session.publish('cluster:shell:output', { sessionId: this.sessionId, stream, data: text });
      for (const listener of [...this.outputListeners]) listener({ stream, data: text });
    } else if (data[0] === EXEC_CHANNEL.error) {
      const { exitCode, message } = parseExitStatus(new TextDecoder().decode(payload));
      this.update({ exitCode, message: message ?? null });
    }
  }

  private onClose(error?: FlotillaError): void {
    if (this.ended) return;
    if (error) return this.finish('failed', this.snapshot.exitCode, error.message);
    const { exitCode, message } = this.snapshot;
    // Without an exit report the connection was cut, not the command finished.
    if (exitCode === null && message === null)
      return this.finish('failed', null, 'connection closed before the command exited');
    this.finish(exitCode === null ? 'failed' : 'closed', exitCode, message);
  }

  private finish(status: 'closed' | 'failed', exitCode: number | null, message: string | null): void {
    if (this.ended) return;
    this.update({ status, exitCode, message, endedAt: this.clock.now() });
    this.resolveDone(this.snapshot);
  }

  private update(patch: Partial<ShellSnapshot>): void {
    const previous = this.snapshot.status;
    this.snapshot = { ...this.snapshot, ...patch };
    if (this.snapshot.status !== previous) this.publishStatus();
    for (const listener of [...this.listeners]) listener(this.snapshot);
  }

  private publishStatus(): void {
    if (this.session.isDisposed) return;
    const { status, exitCode, message } = this.snapshot;
    this.session.publish('cluster:shell:status', {
      sessionId: this.sessionId,
      status,
      ...(exitCode !== null ? { exitCode } : {}),
      ...(message !== null ? { message } : {}),
    });
  }
}
