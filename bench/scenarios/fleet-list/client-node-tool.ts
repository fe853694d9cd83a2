import { CoreV1Api } from '@kubernetes/client-node';
import { kubeConfigsByContext } from '../sessions/client-node-poller';
import { contextTargets } from './fleet-contexts';
import { oneLine, RunTracker, type FleetListTool, type ToolRun } from './run-tracker';

export const CLIENT_NODE = 'client-node 1.4 Promise.all';

/** How client-node 1.4 reports a failure: its ApiException (HTTP code, body) or a fetch error. */
export function describeClientNodeError(error: unknown, secrets: readonly string[]): string {
  if (error instanceof Error && 'code' in error && typeof error.code === 'number') {
    const body = (error as { body?: unknown }).body;
    const reason =
      typeof body === 'string'
        ? body
        : typeof body === 'object' && body !== null && 'message' in body
          ? String((body as { message: unknown }).message)
          : '';
    return oneLine(`ApiException HTTP ${error.code}${reason ? `: ${reason}` : ''}`, secrets);
  }
  const message = error instanceof Error ? error.message : String(error);
  return oneLine(
    `${error instanceof Error ? error.name : 'Error'}: ${message.split('\n')[0] ?? ''}`,
    secrets,
  );
}

/**
 * What a plain client-node app does: one KubeConfig and `CoreV1Api` per context (built once), and
 * per run `listPodForAllNamespaces()` in every cluster at once. client-node opens a new TLS
 * connection per request and has no deadline or way to cancel, so a hung cluster's call stays
 * pending until the server answers.
 */
export class ClientNodeTool implements FleetListTool {
  readonly name = CLIENT_NODE;
  private readonly apis: Array<{ context: string; api: CoreV1Api }>;
  private readonly secrets: string[];

  constructor(kubeconfigPath: string) {
    this.apis = [...kubeConfigsByContext(kubeconfigPath)].map(([context, kc]) => ({
      context,
      api: kc.makeApiClient(CoreV1Api),
    }));
    this.secrets = contextTargets(kubeconfigPath).map((t) => t.token);
  }

  start(): ToolRun {
    const tracker = new RunTracker(this.apis.map((a) => a.context));
    // Every list is kept until the run ends, as an app holding the fleet's pods keeps them.
    let held: unknown[] = [];
    for (const { context, api } of this.apis) {
      api.listPodForAllNamespaces().then(
        (list) => {
          held.push(list);
          tracker.settle(context, { ok: true, items: list.items.length });
        },
        (error: unknown) =>
          tracker.settle(context, { ok: false, error: describeClientNodeError(error, this.secrets) }),
      );
    }
    return {
      tracker,
      stop: async () => {
        held = [];
      },
    };
  }
}
