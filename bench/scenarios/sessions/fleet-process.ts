/**
 * Runs a simulated fleet in its own process for the `sessions` scenario, so the benchmark process
 * holds only the client side and its CPU and heap readings are not mixed with the servers'.
 * Started by `RemoteFleet`; argv: clusters, pods per cluster.
 */
import { startSimulatedFleet, type SimulatedFleet } from '@flotilla/cluster-testkit';
import type { FleetCommand, FleetMessage } from './fleet-protocol';

function send(message: FleetMessage): void {
  process.send?.(message);
}

let stopping: Promise<void> | undefined;
const stopOnce = (fleet: SimulatedFleet): Promise<void> => (stopping ??= fleet.stop());

async function answer(fleet: SimulatedFleet, command: FleetCommand): Promise<FleetMessage> {
  switch (command.type) {
    case 'cpu': {
      const usage = process.cpuUsage();
      return { id: command.id, type: 'cpu', userMicros: usage.user, systemMicros: usage.system };
    }
    case 'hang':
      fleet.cluster(command.cluster).faults.hang();
      return { id: command.id, type: 'done' };
    case 'heal':
      await fleet.cluster(command.cluster).faults.heal();
      return { id: command.id, type: 'done' };
    case 'stop':
      await stopOnce(fleet);
      return { id: command.id, type: 'done' };
  }
}

async function main(): Promise<void> {
  const clusters = Number(process.argv[2]);
  const podsPerCluster = Number(process.argv[3]);
  const started = performance.now();
  const fleet = await startSimulatedFleet({ clusters, podsPerCluster });
  process.on('message', (command: FleetCommand) => {
    answer(fleet, command).then(
      (reply) => {
        send(reply);
        if (command.type === 'stop') process.disconnect();
      },
      (error: unknown) => send({ id: command.id, type: 'error', message: String(error) }),
    );
  });
  // Without this, a benchmark that died mid-run would leave hundreds of servers listening.
  process.on('disconnect', () => void stopOnce(fleet).finally(() => process.exit(0)));
  send({
    type: 'ready',
    kubeconfigPath: fleet.kubeconfigPath,
    clusterNames: fleet.clusters.map((c) => c.name),
    startMs: performance.now() - started,
  });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exitCode = 1;
});
