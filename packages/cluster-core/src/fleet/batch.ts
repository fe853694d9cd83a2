import { systemClock, type Clock } from '../clock';
import type { ClusterManager } from '../cluster-manager';
import { FlotillaError } from '../errors';
import type { ClusterOperations } from './cluster-operations';
import type { DeleteOptions, KubeManifest } from './operation-options';
import { fanOut } from './fan-out';
import {
  isPartial,
  type FleetEntry,
  type FleetProgress,
  type FleetResult,
  type FleetRunOptions,
  type FleetTargets,
} from './fleet-result';

/** What happened to one manifest in one cluster. */
export interface BatchObjectOutcome {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  /** `absent`: a delete found nothing to delete, which is what was wanted. */
  result: 'applied' | 'deleted' | 'absent';
}

export type BatchPhase = 'dry-run' | 'write';

export interface BatchOptions extends Omit<FleetRunOptions<FleetEntry<BatchObjectOutcome[]>>, 'onProgress'> {
  /** For manifests without `metadata.namespace`. */
  namespace?: string;
  /** Run a `dryRun=All` pass everywhere before writing anywhere. Default true. */
  dryRunFirst?: boolean;
  /**
   * `continue` (default): write where the dry-run passed and report the others as skipped.
   * `abort`: write nowhere unless the dry-run passed in every cluster.
   */
  onDryRunFailure?: 'continue' | 'abort';
  onProgress?: (progress: FleetProgress<FleetEntry<BatchObjectOutcome[]>> & { phase: BatchPhase }) => void;
  propagationPolicy?: DeleteOptions['propagationPolicy'];
}

/** The write's envelope, plus the dry-run's when there was one. */
export interface BatchResult extends FleetResult<BatchObjectOutcome[]> {
  dryRun: FleetResult<BatchObjectOutcome[]> | null;
}

type Action = 'apply' | 'delete';

/**
 * The same manifests applied to (or deleted from) several clusters, in manifest order within each
 * cluster. With a dry-run first, the real write goes only to clusters whose dry-run passed — after
 * every dry-run has finished, so the caller learns of refusals before anything changed.
 */
export class BatchOperations {
  constructor(
    private readonly manager: ClusterManager,
    private readonly operations: ClusterOperations,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Applies the manifests in every targeted cluster (dry-run everywhere first, by default). */
  apply(
    targets: FleetTargets,
    manifests: readonly KubeManifest[],
    options: BatchOptions = {},
  ): Promise<BatchResult> {
    return this.run('apply', targets, manifests, options);
  }

  /** Deletes the manifests' objects from every targeted cluster (dry-run everywhere first, by default). */
  delete(
    targets: FleetTargets,
    manifests: readonly KubeManifest[],
    options: BatchOptions = {},
  ): Promise<BatchResult> {
    return this.run('delete', targets, manifests, options);
  }

  private async run(
    action: Action,
    targets: FleetTargets,
    manifests: readonly KubeManifest[],
    options: BatchOptions,
  ): Promise<BatchResult> {
    const started = this.clock.now();
    if (options.dryRunFirst === false) {
      const write = await this.phase(action, targets, manifests, options, 'write');
      return { ...write, dryRun: null };
    }
    const dryRun = await this.phase(action, targets, manifests, options, 'dry-run');
    const passed = dryRun.entries.filter((e) => e.status === 'ok').map((e) => e.clusterId);
    const veto = options.onDryRunFailure === 'abort' && dryRun.partial;
    const write =
      passed.length > 0 && !veto
        ? await this.phase(action, { ids: passed }, manifests, options, 'write')
        : null;
    const entries = dryRun.entries.map((tried): FleetEntry<BatchObjectOutcome[]> => {
      const written = write?.entries.find((e) => e.clusterId === tried.clusterId);
      if (written) return written;
      if (tried.status === 'ok')
        return {
          ...without(tried),
          status: 'skipped',
          reason: 'dry-run failed in another cluster',
          durationMs: 0,
        };
      if (tried.status === 'skipped') return tried;
      if (tried.status === 'cancelled') return tried;
      return { ...without(tried), status: 'skipped', reason: 'dry-run failed', error: tried.error };
    });
    return { entries, partial: isPartial(entries), durationMs: this.clock.now() - started, dryRun };
  }

  private phase(
    action: Action,
    targets: FleetTargets,
    manifests: readonly KubeManifest[],
    options: BatchOptions,
    phase: BatchPhase,
  ): Promise<FleetResult<BatchObjectOutcome[]>> {
    const {
      onProgress,
      namespace,
      propagationPolicy,
      dryRunFirst: _d,
      onDryRunFailure: _o,
      ...run
    } = options;
    const dryRun = phase === 'dry-run';
    return fanOut(
      this.manager,
      targets,
      async (session, signal) => {
        const outcomes: BatchObjectOutcome[] = [];
        for (const manifest of manifests) {
          if (signal.aborted)
            throw new FlotillaError({ ...ref(session), kind: 'cancelled', message: 'cancelled' });
          const write = { signal, dryRun, ...(namespace !== undefined ? { namespace } : {}) };
          let result: BatchObjectOutcome['result'] = action === 'apply' ? 'applied' : 'deleted';
          if (action === 'apply') {
            await this.operations.apply(session.clusterId, manifest, write);
          } else {
            result = await this.remove(session.clusterId, manifest, {
              ...write,
              ...(propagationPolicy ? { propagationPolicy } : {}),
            });
          }
          outcomes.push(outcome(manifest, namespace, result));
        }
        return outcomes;
      },
      {
        ...run,
        clock: this.clock,
        ...(onProgress ? { onProgress: (progress) => onProgress({ ...progress, phase }) } : {}),
      },
    );
  }

  private async remove(
    clusterId: string,
    manifest: KubeManifest,
    options: DeleteOptions,
  ): Promise<'deleted' | 'absent'> {
    const kind = await this.operations.resolveManifest(clusterId, manifest, options.signal);
    const namespace = manifest.metadata.namespace ?? options.namespace;
    try {
      await this.operations.delete(clusterId, kind, manifest.metadata.name ?? '', {
        ...options,
        ...(namespace !== undefined ? { namespace } : {}),
      });
      return 'deleted';
    } catch (error) {
      if (error instanceof FlotillaError && error.kind === 'not-found' && error.status === 404)
        return 'absent';
      throw error;
    }
  }
}

function ref(cluster: { clusterId: string; clusterName: string }) {
  return { clusterId: cluster.clusterId, clusterName: cluster.clusterName };
}

function without(entry: FleetEntry<unknown>) {
  return { clusterId: entry.clusterId, clusterName: entry.clusterName, durationMs: entry.durationMs };
}

function outcome(
  manifest: KubeManifest,
  namespace: string | undefined,
  result: BatchObjectOutcome['result'],
): BatchObjectOutcome {
  const ns = manifest.metadata.namespace ?? namespace;
  return {
    apiVersion: manifest.apiVersion,
    kind: manifest.kind,
    name: manifest.metadata.name ?? '',
    ...(ns !== undefined ? { namespace: ns } : {}),
    result,
  };
}
