import {
  compareAcrossClusters,
  FleetStore,
  kindKey,
  reportFromComparison,
  type FleetEntry,
  type KubeObjectLike,
} from '@flotilla/cluster-core';
import type { CliIO } from '../../cli-io';
import { exitCodeFor, type ExitCode } from '../../exit-codes';
import { bareMessage, entryError, failureLine, reportSourceErrors } from '../../fleet/failures';
import { loadFleet } from '../../fleet/load-fleet';
import { namespaceFor, namespaceScope } from '../../fleet/namespaces';
import type { CommonOptions } from '../../options/common-options';
import type { CompareFormat } from '../../options/formats';
import { createColors } from '../../output/colors';
import { startProgress } from '../../output/progress';
import { toJSON, toYAML } from '../../output/serialize';
import { UsageError } from '../../usage-error';
import { DEFAULT_READ_TIMEOUT_MS } from '../get/get-command';
import { compareText, type CopyState } from './compare-view';
import { readCopy, type ClusterCopy } from './read-object';

export interface CompareOptions {
  kind: string;
  name: string;
  namespace?: string;
  output: CompareFormat;
}

function copyStates(
  entries: ReadonlyArray<FleetEntry<ClusterCopy>>,
  labels: ReadonlyMap<string, string>,
): CopyState[] {
  return entries.map((entry) => {
    const base = {
      clusterId: entry.clusterId,
      clusterName: entry.clusterName,
      label: labels.get(entry.clusterId) ?? entry.clusterName,
    };
    if (entry.status === 'ok') return { ...base, state: entry.value.object ? 'present' : 'absent' };
    const error = entryError(entry);
    return { ...base, state: 'failed', error: `${error.kind}: ${bareMessage(error)}` };
  });
}

/**
 * `flotilla compare`: reads one object from every targeted cluster and diffs the copies, ignoring
 * what servers manage (uid, resourceVersion, timestamps, managedFields, status …). Clusters that
 * lack the object and clusters that failed are listed apart: absent is never mistaken for failed.
 */
export async function compareCommand(
  common: CommonOptions,
  options: CompareOptions,
  io: CliIO,
): Promise<ExitCode> {
  const loaded = await loadFleet(common);
  try {
    const scope = namespaceScope(options);
    const namespaces = new Set(loaded.targets.map((t) => namespaceFor(scope, t) as string));
    if (namespaces.size > 1) {
      throw new UsageError(
        `the contexts default to different namespaces (${[...namespaces].join(', ')}); name one with -n`,
      );
    }
    const namespace = [...namespaces][0] ?? 'default';
    const progress = startProgress({ stream: io.stderr, total: loaded.targets.length, label: 'compare' });
    const result = await loaded.fleet.run(
      { ids: loaded.targets.map((t) => t.clusterId) },
      (session, signal) => readCopy(loaded.fleet, session, options.kind, options.name, namespace, signal),
      {
        timeoutMs: common.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS,
        onProgress: ({ done, total }) => progress.tick(done, total),
      },
    );
    progress.stop();

    const states = copyStates(result.entries, loaded.labels);
    const resource = result.entries.find((e) => e.status === 'ok')?.value.resource;
    const key = resource
      ? kindKey(resource.group ? `${resource.group}/${resource.version}` : resource.version, resource.kind)
      : options.kind;
    // cluster-core compares copies held in a FleetStore; only clusters holding a copy take part.
    const store = new FleetStore({ scheduler: () => undefined });
    for (const entry of result.entries) {
      if (entry.status !== 'ok' || !entry.value.object) continue;
      store.replace(entry.clusterId, loaded.labels.get(entry.clusterId) ?? entry.clusterName, key, [
        entry.value.object as KubeObjectLike,
      ]);
    }
    const present = states.filter((s) => s.state === 'present').map((s) => s.clusterId);
    const ref = resource?.namespaced === false ? { name: options.name } : { namespace, name: options.name };
    const comparison = compareAcrossClusters(store, key, ref, { clusters: present });
    const report = reportFromComparison(comparison);
    const title = `${resource ? `${resource.resource}${resource.group ? `.${resource.group}` : ''}` : options.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${options.name} across ${states.length} clusters`;

    if (options.output === 'table') {
      io.stdout.write(compareText(title, states, report, createColors(common.color)));
    } else {
      const document = {
        kind: 'FleetComparison',
        resource: key,
        namespace: ref.namespace ?? null,
        name: options.name,
        partial: states.some((s) => s.state === 'failed'),
        identical: comparison.diff.length === 0,
        clusters: states.map(({ label: _label, ...state }) => state),
        diff: (report.data as { diff: unknown }).diff,
      };
      io.stdout.write(options.output === 'json' ? toJSON(document) : await toYAML(document));
    }
    for (const entry of result.entries) {
      if (entry.status !== 'ok')
        io.stderr.write(
          failureLine(loaded.labels.get(entry.clusterId) ?? entry.clusterName, entryError(entry)),
        );
    }
    reportSourceErrors(io.stderr, loaded.sourceErrors);
    return exitCodeFor([...states.map((s) => s.state !== 'failed'), ...loaded.sourceErrors.map(() => false)]);
  } finally {
    loaded.dispose();
  }
}
