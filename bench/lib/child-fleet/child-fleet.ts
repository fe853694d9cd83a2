import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ChildFault, ChildFleetCommand, ChildFleetMessage, ChildFleetSpec } from './protocol';

type Reply = Extract<ChildFleetMessage, { id: number }>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const SCRIPT = fileURLToPath(new URL('./fleet-process.ts', import.meta.url));
// Resolved from here rather than the working directory, so the child starts from any folder.
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * A simulated fleet in a child process (see `fleet-process.ts`), driven over IPC: faults per
 * cluster, bursts of pod updates, and the child's CPU time.
 */
export class ChildFleet {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();

  private constructor(
    private readonly child: ChildProcess,
    readonly kubeconfigPath: string,
    readonly clusterNames: readonly string[],
    /** How long `startSimulatedFleet` took in the child. */
    readonly startMs: number,
  ) {
    child.on('message', (message: ChildFleetMessage) => {
      if (!('id' in message)) return;
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.type === 'error') waiter?.reject(new Error(`fleet process: ${message.message}`));
      else waiter?.resolve(message);
    });
    child.on('exit', (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`fleet process exited (${code})`));
      this.pending.clear();
    });
  }

  static start(spec: ChildFleetSpec): Promise<ChildFleet> {
    const child = fork(SCRIPT, [JSON.stringify(spec)], {
      execArgv: ['--import', TSX_LOADER, '--conditions=@flotilla/source'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`fleet process exited (${code}) before ready`));
      child.once('exit', onExit);
      child.on('message', function onReady(message: ChildFleetMessage) {
        if (message.type !== 'ready' && message.type !== 'failed') return;
        child.off('message', onReady);
        child.off('exit', onExit);
        if (message.type === 'failed') {
          child.kill();
          reject(new Error(`fleet process failed to start: ${message.message}`));
        } else resolve(new ChildFleet(child, message.kubeconfigPath, message.clusterNames, message.startMs));
      });
    });
  }

  /** CPU time the fleet process used so far, in ms (user + system). */
  async cpuMs(): Promise<number> {
    const reply = await this.command({ type: 'cpu' });
    if (reply.type !== 'cpu') throw new Error(`fleet process answered ${reply.type} to cpu`);
    return (reply.userMicros + reply.systemMicros) / 1000;
  }

  async fault(cluster: string, fault: ChildFault): Promise<void> {
    await this.command({ type: 'fault', cluster, fault });
  }

  /** Clears every fault of the cluster; requests a hang held are answered now. */
  async heal(cluster: string): Promise<void> {
    await this.command({ type: 'heal', cluster });
  }

  /** `events` pod updates over `clusters`, written as fast as the child can; resolves when written. */
  async burst(clusters: readonly string[], events: number): Promise<{ ms: number }> {
    const reply = await this.command({ type: 'burst', clusters: [...clusters], events });
    if (reply.type !== 'burst') throw new Error(`fleet process answered ${reply.type} to burst`);
    return { ms: reply.ms };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || !this.child.connected) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.command({ type: 'stop' });
    await exited;
  }

  private command(command: DistributiveOmit<ChildFleetCommand, 'id'>): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...command, id } as ChildFleetCommand, (error) => {
        if (!error) return;
        this.pending.delete(id);
        reject(error);
      });
    });
  }
}
