import type { KubeObject } from '../api/types';

const MESSAGES = [
  'GET /healthz 200 0.4ms',
  'GET /api/orders 200 12.1ms',
  'POST /api/orders 201 35.7ms',
  'cache refreshed entries=128',
  'GET /metrics 200 1.9ms',
  'connection pool stats active=4 idle=12',
  'GET /api/users/42 200 6.3ms',
  'background job finished duration=1.2s',
];

const isoSeconds = (ms: number) => new Date(ms).toISOString();

/** Line `index` of a container's log: the same for the same pod and index, so tests can assert it. */
export function podLogLine(
  pod: KubeObject,
  container: string,
  index: number,
  timestamps: boolean,
  atMs: number,
): string {
  const message = MESSAGES[index % MESSAGES.length] as string;
  const line = `level=info pod=${pod.metadata.name} container=${container} seq=${index} msg="${message}"`;
  return timestamps ? `${isoSeconds(atMs)} ${line}` : line;
}
