import type { SimulatedCluster, SimulatedFleet } from '@flotilla/cluster-testkit';
import { describe } from 'vitest';
import type { ClusterManager } from '../../cluster-manager';
import type { FleetClient } from '../../client/fleet-client';
import type { ConformanceSetup } from './conformance-fleet';
import { describeOperationConformance } from './conformance-operations';
import { describeViewConformance } from './conformance-views';

export type { ConformanceSetup } from './conformance-fleet';

/** A client under test, over a simulated fleet held by `manager` (in this process). */
export interface FleetClientFixture {
  client: FleetClient;
  fleet: SimulatedFleet;
  /** The manager the client is ultimately served by (for a bridge client: the server's). */
  manager: ClusterManager;
  /** Adds a simulated cluster to `manager`, as a new kubeconfig context would; resolves to its id. */
  addCluster(cluster: SimulatedCluster): Promise<string>;
  /** Closes the client, then the manager and the fleet. */
  dispose(): Promise<void>;
}

export type FleetClientFactory = (setup: ConformanceSetup) => Promise<FleetClientFixture>;

/**
 * The behaviour every {@link FleetClient} owes its users, as tests: run it for the in-process client
 * and for the bridge client alike. `makeClient` builds a fresh fixture per test; see
 * `startConformanceFleet` for a fleet with the fast timers these tests expect.
 */
export function describeFleetClientConformance(name: string, makeClient: FleetClientFactory): void {
  describe(`FleetClient conformance: ${name}`, () => {
    describeViewConformance(makeClient);
    describeOperationConformance(makeClient);
  });
}
