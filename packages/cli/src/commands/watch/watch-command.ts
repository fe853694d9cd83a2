import type { CliIO } from '../../cli-io';
import { EXIT_CODES, type ExitCode } from '../../exit-codes';
import { failureLine, reportSourceErrors } from '../../fleet/failures';
import { loadFleet } from '../../fleet/load-fleet';
import { namespaceFor, namespaceScope } from '../../fleet/namespaces';
import type { CommonOptions } from '../../options/common-options';
import type { WatchFormat } from '../../options/formats';
import { createColors } from '../../output/colors';
import { ClusterWatch } from './cluster-watch';
import { WatchPrinter } from './watch-printer';

const INITIAL_BATCH_WAIT_MS = 2_000;

export interface WatchOptions {
  kind: string;
  namespace?: string;
  allNamespaces?: boolean;
  selector?: string;
  output: WatchFormat;
}

/**
 * `flotilla watch`: the current objects of every targeted cluster, then their changes, until
 * SIGINT/SIGTERM. Each cluster is followed on its own: one that is down or refuses us gets lines
 * on stderr and keeps being retried, while the others stream on.
 */
export async function watchCommand(
  common: CommonOptions,
  options: WatchOptions,
  io: CliIO,
): Promise<ExitCode> {
  const scope = namespaceScope(options);
  const loaded = await loadFleet(common);
  const interrupted = new Promise<void>((resolve) => {
    const stop = io.onInterrupt(() => {
      stop();
      resolve();
    });
  });
  const printer = new WatchPrinter(io.stdout, {
    format: options.output,
    allNamespaces: scope.kind === 'all',
    colors: createColors(common.color),
  });
  reportSourceErrors(io.stderr, loaded.sourceErrors);
  // The current objects are printed as one aligned table once every cluster delivered them or
  // failed, or after a short wait: a hung cluster must not hold back the others' output.
  let unsettled = loaded.targets.length;
  const releaseTimer = setTimeout(() => printer.release(), INITIAL_BATCH_WAIT_MS);
  const settled = () => {
    if (--unsettled > 0) return;
    clearTimeout(releaseTimer);
    printer.release();
  };
  const watches = loaded.targets.map((target) => {
    const session = loaded.manager.require(target.clusterId);
    const cluster = {
      clusterId: target.clusterId,
      clusterName: target.clusterName,
      label: loaded.labels.get(target.clusterId) ?? target.clusterName,
    };
    return new ClusterWatch({
      session,
      fleet: loaded.fleet,
      kind: options.kind,
      namespace: namespaceFor(scope, target),
      labelSelector: options.selector,
      onResolved: (resource) => printer.useResource(resource),
      onEvent: (type, object, resource) => printer.event(type, cluster, object, resource),
      onProblem: (problem) =>
        io.stderr.write(
          problem
            ? failureLine(cluster.label, problem.error, `${problem.what} ${options.kind} (retrying)`)
            : `cluster ${cluster.label}: watch ${options.kind} resumed\n`,
        ),
      onSettled: settled,
    });
  });
  try {
    for (const watch of watches) watch.start();
    await interrupted;
    return EXIT_CODES.ok;
  } finally {
    clearTimeout(releaseTimer);
    printer.release();
    for (const watch of watches) watch.stop();
    loaded.dispose();
  }
}
