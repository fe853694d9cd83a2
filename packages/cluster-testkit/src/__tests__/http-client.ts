import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import type { SimulatedCluster } from '../simulated-cluster';

export interface TestResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: <T = Record<string, unknown>>() => T;
}

export interface TestRequest {
  method?: string;
  token?: string | null;
  accept?: string;
  contentType?: string;
  body?: unknown;
  cert?: { certPem: string; keyPem: string };
  timeoutMs?: number;
}

/** One HTTPS request to a simulated cluster, verifying its CA (as every real client should). */
export function call(
  cluster: SimulatedCluster,
  path: string,
  options: TestRequest = {},
): Promise<TestResponse> {
  const token = options.token === undefined ? cluster.tokenFor('admin') : options.token;
  const headers: Record<string, string> = {};
  if (token !== null) headers['Authorization'] = `Bearer ${token}`;
  if (options.accept) headers['Accept'] = options.accept;
  let payload: string | undefined;
  if (options.body !== undefined) {
    payload = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['Content-Type'] = options.contentType ?? 'application/json';
  }
  const requestOptions: RequestOptions = {
    host: '127.0.0.1',
    port: cluster.port,
    path,
    method: options.method ?? 'GET',
    headers,
    ca: cluster.caPem,
    agent: false,
    ...(options.cert ? { cert: options.cert.certPem, key: options.cert.keyPem } : {}),
  };
  return new Promise((resolve, reject) => {
    const req = httpsRequest(requestOptions, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text,
          json: <T>() => JSON.parse(text) as T,
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(options.timeoutMs ?? 10_000, () =>
      req.destroy(new Error(`timeout after ${options.timeoutMs ?? 10_000} ms`)),
    );
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

export interface WatchHandle {
  events: Array<{ type: string; object: Record<string, unknown> }>;
  /** Raw lines, including any that were not JSON. */
  lines: string[];
  status: Promise<number>;
  ended: Promise<void>;
  /** Resolves once `predicate` holds for the events so far. */
  until: (predicate: (events: WatchHandle['events']) => boolean, timeoutMs?: number) => Promise<void>;
  close: () => void;
}

/** Opens a watch and collects its NDJSON events. */
export function openWatch(cluster: SimulatedCluster, path: string, options: TestRequest = {}): WatchHandle {
  const token = options.token === undefined ? cluster.tokenFor('admin') : options.token;
  const events: WatchHandle['events'] = [];
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let resolveStatus: (status: number) => void = () => undefined;
  let resolveEnded: () => void = () => undefined;
  const status = new Promise<number>((resolve) => (resolveStatus = resolve));
  const ended = new Promise<void>((resolve) => (resolveEnded = resolve));
  const req = httpsRequest(
    {
      host: '127.0.0.1',
      port: cluster.port,
      path,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(options.accept ? { Accept: options.accept } : {}),
      },
      ca: cluster.caPem,
      agent: false,
    },
    (res) => {
      resolveStatus(res.statusCode ?? 0);
      let buffer = '';
      res.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          lines.push(line);
          try {
            events.push(JSON.parse(line) as WatchHandle['events'][number]);
          } catch {
            // Kept in `lines` for tests of malformed output.
          }
        }
        for (const waiter of [...waiters]) waiter();
      });
      res.on('end', () => resolveEnded());
      res.on('close', () => resolveEnded());
    },
  );
  req.on('error', () => {
    resolveStatus(0);
    resolveEnded();
  });
  req.end();
  return {
    events,
    lines,
    status,
    ended,
    close: () => req.destroy(),
    until: (predicate, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        if (predicate(events)) return resolve();
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `watch condition not met within ${timeoutMs} ms; events: ${events.map((e) => e.type).join(',')}`,
            ),
          );
        }, timeoutMs);
        const check = () => {
          if (!predicate(events)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      }),
  };
}
