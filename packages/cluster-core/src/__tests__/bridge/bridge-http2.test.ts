import { connect, createSecureServer } from 'node:http2';
import { createCertificateAuthority, issueServerCertificate } from '@flotilla/cluster-testkit';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connectFleet } from '../../client/remote-fleet-client';
import type { WebSocketConstructor } from '../../client/remote-link';
import { ClusterManager } from '../../cluster-manager';
import { createFleetServer } from '../../node/bridge/fleet-server';
import { ORIGIN, TOKEN, waitForView } from './bridge-harness';
import { StubFleetClient } from './stub-fleet-client';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('fleet bridge on an HTTP/2 server', () => {
  // WebSocket upgrades are HTTP/1.1: an HTTP/2 console server serves them when it allows HTTP/1.
  it('serves wss:// on a secure HTTP/2 server that allows HTTP/1, leaving its HTTP/2 requests alone', async () => {
    const ca = await createCertificateAuthority('bridge-h2-ca');
    const serving = await issueServerCertificate(ca);
    const h2 = createSecureServer({ cert: serving.certPem, key: serving.keyPem, allowHTTP1: true });
    h2.on('request', (_request, response) => response.end('console'));
    await new Promise<void>((resolve) => h2.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => h2.close(resolve)));
    const manager = new ClusterManager();
    cleanups.push(() => manager.dispose());
    const server = await createFleetServer({
      manager,
      client: new StubFleetClient(),
      token: TOKEN,
      allowedOrigins: [ORIGIN],
      server: h2,
    });
    cleanups.push(() => server.close());
    expect(server.url).toBe(`wss://127.0.0.1:${server.port}/flotilla`);

    class TrustingWebSocket extends WebSocket {
      constructor(url: string, protocols: string[]) {
        super(url, protocols, { ca: ca.certPem, origin: ORIGIN });
      }
    }
    const client = connectFleet(server.url, {
      token: TOKEN,
      WebSocket: TrustingWebSocket as unknown as WebSocketConstructor,
      reconnect: false,
    });
    cleanups.push(() => client.close());
    await waitForView(client.link, (link) => link.state === 'open', 5000, 'link open');
    expect(client.getSnapshot().clusters.map((c) => c.clusterId)).toEqual(['a', 'b']);
    await client.setActive('a');
    expect(client.getSnapshot().activeClusterId).toBe('a');

    const session = connect(`https://127.0.0.1:${server.port}`, { ca: ca.certPem });
    cleanups.push(() => session.close());
    const body = await new Promise<string>((resolve, reject) => {
      const request = session.request({ ':path': '/' });
      let text = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (text += chunk));
      request.on('end', () => resolve(text));
      request.on('error', reject);
      request.end();
    });
    expect(body).toBe('console');
  });
});
