import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
// The peer uses a certificate of the same kind (ECDSA P-256, SAN 127.0.0.1) so that only the request
// pipeline differs, never the TLS cost.
import { createCertificateAuthority, issueServerCertificate } from '@flotilla/cluster-testkit';

export interface CannedResponse {
  contentType: string;
  body: Buffer;
}

/**
 * The physical upper bound for an HTTPS request pipeline in Node: `https.createServer` with the
 * simulated cluster's TLS settings, answering pre-serialized bodies by exact path and nothing else.
 */
export class PlainHttpsPeer {
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly caPem: string,
  ) {
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(responses: ReadonlyMap<string, CannedResponse>): Promise<PlainHttpsPeer> {
    const ca = await createCertificateAuthority('bench-peer-ca');
    const serving = await issueServerCertificate(ca);
    const server = createServer(
      {
        key: serving.keyPem,
        cert: serving.certPem,
        ca: [ca.certPem],
        requestCert: true,
        rejectUnauthorized: false,
        keepAliveTimeout: 30_000,
      },
      (req, res) => {
        const canned = responses.get(req.url ?? '');
        if (!canned) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, {
          'Content-Type': canned.contentType,
          'Content-Length': String(canned.body.length),
          'Cache-Control': 'no-cache, private',
        });
        res.end(canned.body);
      },
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new PlainHttpsPeer(server, ca.certPem);
  }

  get url(): string {
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}
