import type { ClusterDefinition } from '../../cluster-manager';
import { FlotillaError } from '../../errors';
import type {
  ClusterTransport,
  StreamRequest,
  TransportRequest,
  TransportStream,
} from '../../transport-types';

export type FakeHandler = (request: TransportRequest) => Promise<unknown> | unknown;

/** A stream the test writes lines into. */
export class FakeStream implements TransportStream {
  status = 200;
  headers = {};
  private queue: string[] = [];
  private wake: (() => void) | null = null;
  private ended = false;

  push(...lines: string[]): void {
    this.queue.push(...lines);
    this.wake?.();
  }

  close(): void {
    this.ended = true;
    this.wake?.();
  }

  async *lines(): AsyncIterable<string> {
    for (;;) {
      while (this.queue.length > 0) yield this.queue.shift() as string;
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }
}

/**
 * A cluster answered in memory: `/api` and `/version` succeed and it is not OpenShift (so it
 * connects), anything else goes
 * to `handle`; a path `handle` does not know is a 404, like a server without that resource.
 */
export function fakeCluster(
  name: string,
  handle: FakeHandler = () => undefined,
  stream: (request: StreamRequest) => Promise<TransportStream> = () =>
    Promise.reject(new Error('no streams')),
): ClusterDefinition {
  const clusterId = `fake:${name}`;
  const notFound = (path: string) =>
    new FlotillaError({
      kind: 'not-found',
      clusterId,
      clusterName: name,
      status: 404,
      message: `${path} not found`,
    });
  const transport: ClusterTransport = {
    async request<T>(request: TransportRequest) {
      if (request.path === '/api')
        return { status: 200, headers: {}, body: { versions: ['v1'] } as T, durationMs: 1 };
      if (request.path === '/version')
        return { status: 200, headers: {}, body: { gitVersion: 'v1.31.0' } as T, durationMs: 1 };
      // Not OpenShift: the metadata probe's question has its answer, whatever `handle` does.
      if (request.path.startsWith('/apis/config.openshift.io/')) throw notFound(request.path);
      const body = await handle(request);
      if (body === undefined) throw notFound(request.path);
      return { status: 200, headers: {}, body: body as T, durationMs: 1 };
    },
    stream,
    rebuild() {},
    invalidateCredentials() {},
    dispose() {},
  };
  return {
    clusterId,
    clusterName: name,
    source: { type: 'manual', server: `https://${name}.invalid` },
    server: `https://${name}.invalid`,
    createTransport: () => transport,
  };
}
