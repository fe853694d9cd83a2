/**
 * A simulated fleet in its own process, driven over IPC by `ChildFleet`: the benchmark process then
 * holds only clients, so server CPU is never counted against them and both sides get a core.
 * argv[2]: the `ChildFleetSpec` as JSON.
 */
import { startSimulatedFleet, type SimulatedFleet } from '@flotilla/cluster-testkit';
import { addManagedFields } from './managed-fields';
import { burstPodUpdates } from './pod-burst';
import type { ChildFleetCommand, ChildFleetMessage, ChildFleetSpec } from './protocol';

/** The user every kubeconfig context authenticates as (the fleet's default). */
const CONTEXT_USER = 'admin';

function send(message: ChildFleetMessage): void {
  process.send?.(message);
}

let stopping: Promise<void> | undefined;
const stopOnce = (fleet: SimulatedFleet): Promise<void> => (stopping ??= fleet.stop());

async function answer(fleet: SimulatedFleet, command: ChildFleetCommand): Promise<ChildFleetMessage> {
  switch (command.type) {
    case 'cpu': {
      const usage = process.cpuUsage();
      return { id: command.id, type: 'cpu', userMicros: usage.user, systemMicros: usage.system };
    }
    case 'fault': {
      const faults = fleet.cluster(command.cluster).faults;
      if (command.fault === 'hang') faults.hang();
      else if (command.fault === 'refuse') await faults.refuse();
      else faults.revokeToken(CONTEXT_USER);
      return { id: command.id, type: 'done' };
    }
    case 'heal':
      await fleet.cluster(command.cluster).faults.heal();
      return { id: command.id, type: 'done' };
    case 'burst': {
      const started = performance.now();
      await burstPodUpdates(
        command.clusters.map((name) => fleet.cluster(name)),
        command.events,
      );
      return { id: command.id, type: 'burst', events: command.events, ms: performance.now() - started };
    }
    case 'stop':
      await stopOnce(fleet);
      return { id: command.id, type: 'done' };
  }
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as ChildFleetSpec;
  const started = performance.now();
  const fleet = await startSimulatedFleet({ clusters: spec.clusters, podsPerCluster: spec.podsPerCluster });
  if (spec.managedFields) addManagedFields(fleet.clusters);
  process.on('message', (command: ChildFleetCommand) => {
    answer(fleet, command).then(
      (reply) => {
        send(reply);
        if (command.type === 'stop') process.disconnect();
      },
      (error: unknown) => send({ id: command.id, type: 'error', message: String(error) }),
    );
  });
  // A benchmark that died mid-run must not leave its servers listening.
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
