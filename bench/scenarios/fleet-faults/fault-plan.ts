import type { ChildFleet } from '../../lib/child-fleet/child-fleet';
import type { ChildFault } from '../../lib/child-fleet/protocol';

/** Which clusters are broken, and how; the rest are healthy. */
export interface FaultPlan {
  hung: string;
  revoked: string;
  refused: string;
  healthy: readonly string[];
}

/**
 * The second, third and fourth clusters: with Flotilla's default of 16 clusters at once they are
 * among the first started, so a hung one holds a slot for as long as it can.
 */
export function planFaults(clusters: readonly string[]): FaultPlan {
  if (clusters.length < 4)
    throw new RangeError('a fault plan needs at least 4 clusters (3 broken, 1 healthy)');
  const [hung, revoked, refused] = clusters.slice(1, 4) as [string, string, string];
  return { hung, revoked, refused, healthy: clusters.filter((c) => ![hung, revoked, refused].includes(c)) };
}

export function brokenClusters(
  plan: FaultPlan,
): Array<{ cluster: string; fault: ChildFault; label: string }> {
  return [
    { cluster: plan.hung, fault: 'hang', label: 'hung (accepts TLS, answers nothing)' },
    { cluster: plan.revoked, fault: 'revoke-token', label: 'token revoked (401)' },
    { cluster: plan.refused, fault: 'refuse', label: 'connection refused' },
  ];
}

export async function injectFaults(fleet: ChildFleet, plan: FaultPlan): Promise<void> {
  for (const { cluster, fault } of brokenClusters(plan)) await fleet.fault(cluster, fault);
}

/** Heals the broken clusters; requests a hang held are answered now, so nothing stays pending. */
export async function healFaults(fleet: ChildFleet, plan: FaultPlan): Promise<void> {
  for (const { cluster } of brokenClusters(plan)) await fleet.heal(cluster);
}
