import type { WebSocket } from 'ws';
import { isShell, SimulatedShell, type ShellContext, type ShellResult } from './exec-shell';

/** The remote command subprotocols served, preferred first when a client offers both. */
export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;
export type ExecProtocol = (typeof EXEC_PROTOCOLS)[number];

/** Channel numbers of the `channel.k8s.io` framing: the first byte of every binary message. */
export const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

export interface ExecOptions {
  argv: readonly string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
  context: ShellContext;
  /** While true (the cluster is hung), nothing is sent or processed; `flush()` catches up. */
  isHung: () => boolean;
}

/** The v4 exit report: a metav1.Status on the error channel. */
export function exitStatus(code: number, argv: readonly string[]): Record<string, unknown> {
  if (code === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${argv.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

/**
 * One `pods/exec` connection: runs the command in a {@link SimulatedShell}, or an interactive shell
 * reading lines from stdin, and reports the exit code on the error channel before closing.
 */
export class ExecSession {
  private readonly shell: SimulatedShell;
  private readonly outbox: Buffer[] = [];
  private readonly inbox: Buffer[] = [];
  private line = '';
  private lastCode = 0;
  private finished = false;
  private closeAfterFlush = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly options: ExecOptions,
  ) {
    this.shell = new SimulatedShell(options.context, {
      stdout: (text) => this.write(CHANNEL.stdout, text),
      stderr: (text) => this.write(options.tty ? CHANNEL.stdout : CHANNEL.stderr, text),
    });
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      this.inbox.push(isBinary ? data : Buffer.from(data));
      this.drainInbox();
    });
    ws.on('error', () => undefined);
    this.start();
  }

  get closed(): boolean {
    return this.finished;
  }

  /** Sends what a hang held back and processes input that arrived meanwhile. */
  flush(): void {
    if (this.options.isHung()) return;
    for (const frame of this.outbox.splice(0)) this.ws.send(frame);
    if (this.closeAfterFlush) this.ws.close(1000);
    this.drainInbox();
  }

  /** Drops the connection without an exit report (the cluster stopped). */
  terminate(): void {
    this.finished = true;
    this.ws.terminate();
  }

  private start(): void {
    const { argv, stdin } = this.options;
    if (isShell(argv[0]) && argv.length === 1) {
      if (!stdin) return this.exit(0);
      this.prompt();
      return;
    }
    if (argv[0] === 'cat' && argv.length === 1 && stdin) return;
    const result = this.shell.runArgv(argv);
    this.exit(result.code);
  }

  private interactive(): boolean {
    const { argv } = this.options;
    return isShell(argv[0]) && argv.length === 1;
  }

  private prompt(): void {
    this.write(CHANNEL.stdout, '# ');
  }

  private drainInbox(): void {
    while (!this.options.isHung() && !this.finished && this.inbox.length > 0) {
      const message = this.inbox.shift() as Buffer;
      if (message.length === 0) continue;
      const channel = message[0];
      const payload = message.subarray(1);
      if (channel === CHANNEL.stdin) this.onStdin(payload.toString('utf8'));
      else if (channel === CHANNEL.close && payload[0] === CHANNEL.stdin) this.onStdinClosed();
      // Resize messages need no answer: the simulated shell has no layout to redo.
    }
  }

  private onStdin(text: string): void {
    if (!this.interactive()) {
      // `cat` with stdin: echo it back.
      this.write(CHANNEL.stdout, text);
      return;
    }
    for (const char of text) {
      if (char === '\r' || char === '\n') {
        if (this.options.tty) this.write(CHANNEL.stdout, '\n');
        const result: ShellResult = this.shell.runScript(this.line, this.lastCode);
        this.line = '';
        this.lastCode = result.code;
        if (result.exit) return this.exit(result.code);
        this.prompt();
      } else {
        // A terminal echoes what is typed; without one, nothing is echoed.
        if (this.options.tty) this.write(CHANNEL.stdout, char);
        this.line += char;
      }
    }
  }

  private onStdinClosed(): void {
    if (this.interactive() && this.line !== '') {
      const result = this.shell.runScript(this.line, this.lastCode);
      this.lastCode = result.code;
    }
    this.exit(this.lastCode);
  }

  private write(channel: number, text: string): void {
    if (this.finished) return;
    if (channel === CHANNEL.stdout && !this.options.stdout) return;
    if (channel === CHANNEL.stderr && !this.options.stderr) return;
    // A terminal turns newlines into carriage return + newline (onlcr).
    const data = this.options.tty ? text.replace(/\r?\n/g, '\r\n') : text;
    this.send(Buffer.concat([Buffer.from([channel]), Buffer.from(data, 'utf8')]));
  }

  private send(frame: Buffer): void {
    if (this.options.isHung() || this.outbox.length > 0) this.outbox.push(frame);
    else this.ws.send(frame);
  }

  private exit(code: number): void {
    if (this.finished) return;
    const status = JSON.stringify(exitStatus(code, this.options.argv));
    this.send(Buffer.concat([Buffer.from([CHANNEL.error]), Buffer.from(status, 'utf8')]));
    this.finished = true;
    if (this.outbox.length > 0) this.closeAfterFlush = true;
    else this.ws.close(1000);
  }
}
