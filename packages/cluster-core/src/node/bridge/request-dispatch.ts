import { BRIDGE_METHODS, type BridgeMethod } from '../../client/bridge-protocol';
import type { DrainRequest, ExportRequest, FleetClient } from '../../client/fleet-client';
import { FlotillaError } from '../../errors';
import { redact } from '../../redact';
import { BRIDGE_SUBJECT, type ErrorSubject } from '../../client/remote-errors';
import { InputError, count, flag, name, namespace, oneOf, optional, positive, shape } from './input-checks';
import { comparisonQuery, resourceQuery } from './view-spec';

type Handler = (client: FleetClient, args: readonly unknown[]) => Promise<unknown>;

const arg = (args: readonly unknown[], method: string, index: number, field: string) =>
  name(args[index], method, field);

const clusterArg = (args: readonly unknown[], method: string) => arg(args, method, 0, 'clusterId');

const EXPORT_FORMATS = ['json', 'csv', 'md', 'html'] as const;

function exportRequest(value: unknown): ExportRequest {
  const where = 'export';
  const { source } = shape<{ source: ExportRequest['source'] }>(value, where, 'request', {
    source: oneOf(['resources', 'comparison', 'health']),
  });
  const request = value as Record<string, unknown>;
  const format = oneOf(EXPORT_FORMATS)(request['format'], where, 'request.format');
  if (source === 'health') return { source, format };
  if (source === 'resources')
    return { source, format, query: resourceQuery(request['query'], where, 'request.query') };
  return { source, format, query: comparisonQuery(request['query'], where, 'request.query') };
}

const drainOptions = optional((value, where, field) =>
  shape<DrainRequest>(value, where, field, {
    timeoutMs: optional(positive),
    deleteEmptyDirData: optional(flag),
    ignoreDaemonSets: optional(flag),
  }),
);

/** The only calls a bridge client can make; each checks and copies its arguments first. */
const HANDLERS: Record<BridgeMethod, Handler> = {
  setActive: (client, [id]) => client.setActive(id === null ? null : name(id, 'setActive', 'clusterId')),
  connect: (client, args) => client.connect(clusterArg(args, 'connect')),
  disconnect: (client, args) => client.disconnect(clusterArg(args, 'disconnect')),
  retryAuth: (client, args) => client.retryAuth(clusterArg(args, 'retryAuth')),
  export: (client, [request]) => client.export(exportRequest(request)),
  'actions.cordon': (client, args) =>
    client.actions.cordon(clusterArg(args, 'cordon'), arg(args, 'cordon', 1, 'node')),
  'actions.uncordon': (client, args) =>
    client.actions.uncordon(clusterArg(args, 'uncordon'), arg(args, 'uncordon', 1, 'node')),
  'actions.drain': (client, args) => {
    const options = drainOptions(args[2], 'drain', 'options');
    return client.actions.drain(clusterArg(args, 'drain'), arg(args, 'drain', 1, 'node'), options);
  },
  'actions.cancelDrain': (client, args) =>
    client.actions.cancelDrain(clusterArg(args, 'cancelDrain'), arg(args, 'cancelDrain', 1, 'jobId')),
  'actions.scale': (client, args) =>
    client.actions.scale(
      clusterArg(args, 'scale'),
      arg(args, 'scale', 1, 'kind'),
      arg(args, 'scale', 2, 'name'),
      namespace(args[3], 'scale', 'namespace'),
      count(args[4], 'scale', 'replicas'),
    ),
  'actions.restart': (client, args) =>
    client.actions.restart(
      clusterArg(args, 'restart'),
      arg(args, 'restart', 1, 'kind'),
      arg(args, 'restart', 2, 'name'),
      namespace(args[3], 'restart', 'namespace'),
    ),
  'actions.delete': (client, args) =>
    client.actions.delete(
      clusterArg(args, 'delete'),
      arg(args, 'delete', 1, 'kind'),
      arg(args, 'delete', 2, 'name'),
      optional(namespace)(args[3], 'delete', 'namespace'),
    ),
};

const isBridgeMethod = (method: unknown): method is BridgeMethod =>
  typeof method === 'string' && (BRIDGE_METHODS as readonly string[]).includes(method);

/** The cluster a call is about (its first argument), for naming it in errors. */
function subjectOf(client: FleetClient, method: BridgeMethod, args: readonly unknown[]): ErrorSubject {
  const first = args[0];
  if (method === 'export' || typeof first !== 'string' || first === '') return BRIDGE_SUBJECT;
  const clusterName = client.getCluster(first)?.clusterName;
  return clusterName === undefined ? { clusterId: first } : { clusterId: first, clusterName };
}

/**
 * Runs one whitelisted call. Resolves with the value to send back, or rejects with a
 * `FlotillaError` (never anything else) that names the cluster the call was about.
 */
export async function dispatchRequest(client: FleetClient, method: unknown, args: unknown): Promise<unknown> {
  if (!isBridgeMethod(method)) {
    const shown = typeof method === 'string' ? `"${method.slice(0, 64)}"` : typeof method;
    throw new InputError('request', `method ${shown} cannot be called through the bridge`).toFlotillaError(
      BRIDGE_SUBJECT,
    );
  }
  const list = Array.isArray(args) ? (args as unknown[]) : [];
  const subject = subjectOf(client, method, list);
  try {
    if (!Array.isArray(args)) throw new InputError(method, 'args must be an array');
    return await HANDLERS[method](client, list);
  } catch (error) {
    if (error instanceof FlotillaError) throw error;
    if (error instanceof InputError) throw error.toFlotillaError(subject);
    throw new FlotillaError({
      ...subject,
      kind: 'server',
      message: `${method} failed: ${redact(error instanceof Error ? error.message : String(error))}`,
      retryable: false,
    });
  }
}
