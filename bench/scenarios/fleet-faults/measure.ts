import type { ChildFleet } from '../../lib/child-fleet/child-fleet';
import type { ClusterOutcome, FleetListTool, ToolRun } from '../fleet-list/run-tracker';
import { healFaults, injectFaults, type FaultPlan } from './fault-plan';

/** How long a finished run may take to let go of what it still holds (a call a hang kept open). */
const DRAIN_MS = 10_000;

/**
 * After a run was stopped and the faults healed, waits (bounded) until every cluster settled: a
 * call that could not be cancelled (client-node's) is answered once the hang is healed, and its work
 * must not land in the next subject's run.
 */
async function drain(run: ToolRun): Promise<void> {
  const elapsed = performance.now() - run.tracker.startedAt;
  await run.tracker.waitFor(run.tracker.clusters, elapsed + DRAIN_MS);
}

/** One run of one tool: how long until the healthy clusters' pods were in hand. */
export interface HealthySample {
  /** Since the start; the bound when some healthy cluster had not answered by then. */
  ms: number;
  boundHit: boolean;
  /** Healthy clusters that failed (isolation broken) or never answered. */
  healthyFailures: number;
}

/**
 * One timed run, with the plan's faults injected or not. The run ends once the healthy clusters
 * settled (or the bound passed): what the tool still waits for is stopped, then the faults healed.
 */
export async function timedHealthy(
  tool: FleetListTool,
  fleet: ChildFleet,
  plan: FaultPlan,
  faulty: boolean,
  boundMs: number,
): Promise<HealthySample> {
  if (faulty) await injectFaults(fleet, plan);
  const run = tool.start({ count: false });
  try {
    const done = await run.tracker.waitFor(plan.healthy, boundMs);
    const healthyFailures = plan.healthy.filter((c) => run.tracker.outcome(c)?.ok !== true).length;
    return {
      ms: done ? (run.tracker.settledBy(plan.healthy) as number) : boundMs,
      boundHit: !done,
      healthyFailures,
    };
  } finally {
    await run.stop();
    if (faulty) await healFaults(fleet, plan);
    await drain(run);
  }
}

/** Everything one tool reported in one faulty run, waited for up to the bound. */
export interface Observation {
  tool: string;
  /** Every cluster that settled within the bound. */
  outcomes: ClusterOutcome[];
  /** When the healthy clusters were all in, if they were. */
  healthyMs: number | undefined;
  /** When every cluster had settled (the tool's whole answer), if within the bound. */
  allMs: number | undefined;
  boundMs: number;
}

/** A faulty run whose output is read and whose broken clusters are waited for, up to the bound. */
export async function observe(
  tool: FleetListTool,
  fleet: ChildFleet,
  plan: FaultPlan,
  clusters: readonly string[],
  boundMs: number,
): Promise<Observation> {
  await injectFaults(fleet, plan);
  const run = tool.start({ count: true });
  try {
    await run.tracker.waitFor(clusters, boundMs);
    return {
      tool: tool.name,
      outcomes: run.tracker.all(),
      healthyMs: run.tracker.settledBy(plan.healthy),
      allMs: run.tracker.settledBy(clusters),
      boundMs,
    };
  } finally {
    await run.stop();
    await healFaults(fleet, plan);
    await drain(run);
  }
}
