import type { ChildFleet } from '../../lib/child-fleet/child-fleet';
import type { ClusterOutcome, FleetListTool } from './run-tracker';

/** One timed list of the whole fleet by one tool. */
export interface ListSample {
  /** From the start until the last cluster's pods were available. */
  ms: number;
  /** CPU the fleet process spent answering this run. */
  fleetCpuMs: number;
  /** CPU of this process during the run: the client's work for in-process tools, ~0 for processes. */
  clientCpuMs: number;
}

/** Longest a full list may take before the run counts as broken (it never should). */
const LIST_BOUND_MS = 300_000;

function problems(outcomes: readonly ClusterOutcome[], clusters: readonly string[], pods?: number): string[] {
  const byCluster = new Map(outcomes.map((o) => [o.cluster, o]));
  return clusters.flatMap((cluster) => {
    const outcome = byCluster.get(cluster);
    if (!outcome) return [`${cluster}: no answer`];
    if (!outcome.ok) return [`${cluster}: ${outcome.error ?? 'failed'}`];
    if (pods !== undefined && outcome.items !== pods)
      return [`${cluster}: ${outcome.items} pods, not ${pods}`];
    return [];
  });
}

/**
 * Lists once with every tool's output read, and fails unless every cluster answered with all its
 * pods: a benchmark of a tool that lists the wrong thing would measure nothing.
 */
export async function verifyTool(
  tool: FleetListTool,
  clusters: readonly string[],
  podsPerCluster: number,
): Promise<number> {
  const run = tool.start({ count: true });
  try {
    await run.tracker.waitFor(clusters, LIST_BOUND_MS);
    const found = problems(run.tracker.all(), clusters, podsPerCluster);
    if (found.length > 0) throw new Error(`${tool.name} did not list the fleet:\n  ${found.join('\n  ')}`);
    return run.tracker.settledBy(clusters) ?? 0;
  } finally {
    await run.stop();
  }
}

/** One timed run: the output is discarded, success is still required of every cluster. */
export async function timedList(
  tool: FleetListTool,
  fleet: ChildFleet,
  clusters: readonly string[],
): Promise<ListSample> {
  const fleetBefore = await fleet.cpuMs();
  const cpuBefore = process.cpuUsage();
  const run = tool.start({ count: false });
  try {
    const finished = await run.tracker.waitFor(clusters, LIST_BOUND_MS);
    const found = problems(run.tracker.all(), clusters);
    if (!finished || found.length > 0)
      throw new Error(`${tool.name} failed a timed run:\n  ${found.join('\n  ')}`);
    const cpu = process.cpuUsage(cpuBefore);
    return {
      ms: run.tracker.settledBy(clusters) as number,
      clientCpuMs: (cpu.user + cpu.system) / 1000,
      fleetCpuMs: (await fleet.cpuMs()) - fleetBefore,
    };
  } finally {
    await run.stop();
  }
}
