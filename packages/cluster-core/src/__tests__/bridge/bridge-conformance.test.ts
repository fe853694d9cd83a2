import { createLocalFleetClient } from '../../client/local-fleet-client';
import { connectFleet } from '../../client/remote-fleet-client';
import { createFleetServer } from '../../node/bridge/fleet-server';
import { startConformanceFleet } from '../client/conformance-fleet';
import { describeFleetClientConformance } from '../client/fleet-client-conformance';
import { ORIGIN, TOKEN, capturingSockets, waitForView } from './bridge-harness';

// The same behaviour as the in-process client, through a real WebSocket to a real server.
describeFleetClientConformance('bridge (connectFleet to createFleetServer)', async (setup) => {
  const fixture = await startConformanceFleet(setup);
  const local = createLocalFleetClient(fixture.manager, fixture.clientOptions());
  const server = await createFleetServer({
    manager: fixture.manager,
    client: local,
    token: TOKEN,
    allowedOrigins: [ORIGIN],
  });
  const client = connectFleet(server.url, { token: TOKEN, WebSocket: capturingSockets(ORIGIN).WebSocket });
  await waitForView(client.link, (link) => link.state === 'open', 10_000, 'bridge link open');
  return {
    client,
    fleet: fixture.fleet,
    manager: fixture.manager,
    addCluster: fixture.addCluster,
    async dispose() {
      client.close();
      await server.close();
      local.close();
      await fixture.close();
    },
  };
});
