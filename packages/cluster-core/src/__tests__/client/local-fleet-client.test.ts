import { createLocalFleetClient } from '../../client/local-fleet-client';
import { startConformanceFleet } from './conformance-fleet';
import { describeFleetClientConformance } from './fleet-client-conformance';

describeFleetClientConformance('in-process (createLocalFleetClient)', async (setup) => {
  const fixture = await startConformanceFleet(setup);
  const client = createLocalFleetClient(fixture.manager, fixture.clientOptions());
  return {
    client,
    fleet: fixture.fleet,
    manager: fixture.manager,
    addCluster: fixture.addCluster,
    async dispose() {
      client.close();
      await fixture.close();
    },
  };
});
