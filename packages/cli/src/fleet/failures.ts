import type { FleetFailedEntry, FleetSkippedEntry, SerializedFlotillaError } from '@flotilla/cluster-core';
import type { KubeconfigSourceError } from '@flotilla/cluster-core/node';
import type { OutputStream } from '../cli-io';

/** The message without the `[cluster] ` prefix FlotillaError adds (the line names the cluster itself). */
export function bareMessage(error: Pick<SerializedFlotillaError, 'message'>): string {
  return error.message.replace(/^\[[^\]]*\] /, '');
}

/** `auth (401 Unauthorized)`, `timeout`, `not-found (404 NotFound)`. */
export function errorKind(error: SerializedFlotillaError): string {
  if (error.status === undefined) return error.kind;
  return `${error.kind} (${error.status}${error.reason ? ` ${error.reason}` : ''})`;
}

/** One stderr line per failed cluster: `error: cluster sim-2: auth (401 Unauthorized): Unauthorized`. */
export function failureLine(
  label: string,
  error: SerializedFlotillaError,
  action?: string,
  level: 'error' | 'warning' = 'error',
): string {
  return `${level}: cluster ${label}: ${action ? `${action}: ` : ''}${errorKind(error)}: ${bareMessage(error)}\n`;
}

/** A kubeconfig problem confined to one file or context, in the same shape. */
export function sourceErrorLine(error: KubeconfigSourceError): string {
  const where =
    error.context !== undefined ? `context ${error.context} (${error.source})` : `kubeconfig ${error.source}`;
  return `error: ${where}: ${error.error.kind}: ${bareMessage(error.error)}\n`;
}

export function reportSourceErrors(stream: OutputStream, errors: readonly KubeconfigSourceError[]): void {
  for (const error of errors) stream.write(sourceErrorLine(error));
}

/** The error of a cluster that did not answer; a skipped cluster's reason becomes one. */
export function entryError(entry: FleetFailedEntry | FleetSkippedEntry): SerializedFlotillaError {
  if (entry.error) return entry.error;
  return {
    kind: 'cancelled',
    clusterId: entry.clusterId,
    clusterName: entry.clusterName,
    message: 'reason' in entry ? entry.reason : 'skipped',
    retryable: true,
  };
}
