import {
  FlotillaError,
  type ClusterDefinition,
  type ClusterTransport,
  type TransportRequest,
  type TransportResponse,
  type TransportStream,
} from '@flotilla/cluster-core';

/** A watch response the benchmark writes NDJSON lines into. */
export class FeedStream implements TransportStream {
  readonly status = 200;
  readonly headers = {};
  private queue: string[] = [];
  private next = 0;
  private wake: (() => void) | null = null;
  private ended = false;

  push(lines: readonly string[]): void {
    for (const line of lines) this.queue.push(line);
    this.wake?.();
  }

  close(): void {
    this.ended = true;
    this.wake?.();
  }

  async *lines(): AsyncIterable<string> {
    for (;;) {
      while (this.next < this.queue.length) yield this.queue[this.next++] as string;
      this.queue = [];
      this.next = 0;
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }
}

const API_RESOURCES = {
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion: 'v1',
  resources: [
    {
      name: 'pods',
      singularName: 'pod',
      namespaced: true,
      kind: 'Pod',
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['po'],
      categories: ['all'],
    },
  ],
};

/**
 * One cluster answered from memory, for measuring the informer path without HTTPS: legacy discovery
 * serving only pods, a pod list parsed from a prepared JSON text on every request (so each list
 * yields fresh objects, as from the network), and pod watches the benchmark feeds line by line.
 */
export class MemoryCluster {
  readonly clusterId: string;
  private readonly streams = new Set<FeedStream>();

  constructor(
    readonly name: string,
    private readonly listText: string,
  ) {
    this.clusterId = `memory:${name}`;
  }

  /** Writes lines into every open pod watch of this cluster. */
  feed(lines: readonly string[]): number {
    for (const stream of this.streams) stream.push(lines);
    return this.streams.size;
  }

  get watchCount(): number {
    return this.streams.size;
  }

  definition(): ClusterDefinition {
    return {
      clusterId: this.clusterId,
      clusterName: this.name,
      source: { type: 'manual', server: `https://${this.name}.invalid` },
      server: `https://${this.name}.invalid`,
      createTransport: () => this.transport(),
    };
  }

  private transport(): ClusterTransport {
    return {
      request: async <T>(request: TransportRequest): Promise<TransportResponse<T>> => {
        const body = this.answer(request);
        return { status: 200, headers: {}, body: body as T, durationMs: 0 };
      },
      stream: async (request) => {
        if (request.path !== '/api/v1/pods') throw this.notFound(request.path);
        const stream = new FeedStream();
        this.streams.add(stream);
        const close = stream.close.bind(stream);
        stream.close = () => {
          this.streams.delete(stream);
          close();
        };
        request.signal?.addEventListener('abort', () => stream.close(), { once: true });
        return stream;
      },
      rebuild() {},
      invalidateCredentials() {},
      dispose: () => {
        for (const stream of [...this.streams]) stream.close();
      },
    };
  }

  private answer(request: TransportRequest): unknown {
    switch (request.path) {
      case '/version':
        return { major: '1', minor: '31', gitVersion: 'v1.31.4' };
      case '/api':
        return { kind: 'APIVersions', versions: ['v1'] };
      case '/apis':
        return { kind: 'APIGroupList', apiVersion: 'v1', groups: [] };
      case '/api/v1':
        return API_RESOURCES;
      case '/api/v1/pods':
        return JSON.parse(this.listText);
      case '/readyz':
      case '/livez':
      case '/healthz':
        return 'ok';
      default:
        throw this.notFound(request.path);
    }
  }

  private notFound(path: string): FlotillaError {
    return new FlotillaError({
      kind: 'not-found',
      clusterId: this.clusterId,
      clusterName: this.name,
      status: 404,
      message: `${path} not found`,
    });
  }
}
