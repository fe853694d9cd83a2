import type { SimulatedFleet } from '@flotilla/cluster-testkit';

/** What the console's chaos panel can do to one simulated cluster. */
export const CHAOS_ACTIONS = [
  'revoke-token',
  'restore-token',
  'hang',
  'refuse',
  'slow',
  'throttle',
  'cut-watches',
  'heal',
] as const;

export type ChaosAction = (typeof CHAOS_ACTIONS)[number];

export interface ChaosClusterState {
  name: string;
  /** The faults in effect, as the simulated cluster names them (`hung`, `revoked:admin` …). */
  faults: string[];
}

export class ChaosError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * Breaks and heals simulated clusters on request. Only the demo's own simulated fleet can be touched:
 * against real clusters the console shows no chaos panel and the endpoint does not exist.
 */
export class ChaosControl {
  constructor(private readonly fleet: SimulatedFleet) {}

  state(): ChaosClusterState[] {
    return this.fleet.clusters.map((cluster) => ({ name: cluster.name, faults: cluster.faults.active() }));
  }

  async apply(clusterName: string, action: string): Promise<ChaosClusterState> {
    const cluster = this.fleet.clusters.find((c) => c.name === clusterName);
    if (!cluster) throw new ChaosError(`unknown simulated cluster "${clusterName}"`, 404);
    if (!(CHAOS_ACTIONS as readonly string[]).includes(action))
      throw new ChaosError(`unknown chaos action "${action}"; known: ${CHAOS_ACTIONS.join(', ')}`, 400);
    const faults = cluster.faults;
    switch (action as ChaosAction) {
      case 'revoke-token':
        // Every user's token: the demo's contexts use one user per cluster (admin, or the exec user).
        for (const user of cluster.users.names()) faults.revokeToken(user);
        break;
      case 'restore-token':
        for (const user of cluster.users.names()) faults.restoreToken(user);
        break;
      case 'hang':
        faults.hang();
        break;
      case 'refuse':
        await faults.refuse();
        break;
      case 'slow':
        faults.latency(1500, 500);
        break;
      case 'throttle':
        faults.throttle(2);
        break;
      case 'cut-watches':
        faults.cutWatches();
        break;
      case 'heal':
        await faults.heal();
        break;
    }
    return { name: cluster.name, faults: faults.active() };
  }
}
