import { FlotillaError } from '../errors';
import {
  LabelSelectorError,
  matchesLabelSelector,
  parseLabelSelector,
  type LabelSelector,
} from '../fleet-store/label-selector';
import type { ClusterPreferences } from '../preferences/cluster-preferences';
import type { FleetTargets } from './fleet-result';

/**
 * Targets the clusters the user filed under `group` (their `cluster:groups` preference, as the
 * ClusterSwitcher and `flotilla --group` read it). Membership is read when the call plans its
 * targets, so a cluster filed or unfiled meanwhile is counted as it is then.
 */
export function clusterGroupTargets(preferences: ClusterPreferences, group: string): FleetTargets {
  return {
    where: (cluster) => preferences.forCluster(cluster.clusterId).get('cluster:groups', []).includes(group),
  };
}

/**
 * Targets the clusters whose `cluster:labels` preference matches `selector` (kubectl `-l` syntax:
 * `env=prod,region in (eu,us)`; an empty one matches every cluster). A selector that does not parse is refused before any cluster is
 * asked: an `invalid` error that names no cluster, since it concerns none.
 */
export function clusterLabelTargets(
  preferences: ClusterPreferences,
  selector: string | LabelSelector,
): FleetTargets {
  const parsed = typeof selector === 'string' ? parseSelector(selector) : selector;
  return {
    where: (cluster) =>
      matchesLabelSelector(preferences.forCluster(cluster.clusterId).get('cluster:labels', {}), parsed),
  };
}

function parseSelector(text: string): LabelSelector {
  try {
    return parseLabelSelector(text);
  } catch (error) {
    if (!(error instanceof LabelSelectorError)) throw error;
    throw new FlotillaError({
      kind: 'invalid',
      clusterId: '',
      clusterName: 'fleet',
      retryable: false,
      message: `cluster selector: ${error.message}`,
    });
  }
}
