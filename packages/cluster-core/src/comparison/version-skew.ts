import type { ClusterSnapshot, Platform } from '../cluster-state';

export interface ClusterVersionRow {
  readonly clusterId: string;
  readonly clusterName: string;
  /** `v1.31.4`; null when the cluster has not told us (unreachable, not probed yet). */
  readonly kubernetesVersion: string | null;
  /** Minor version number (31 for v1.31.4), for skew arithmetic. */
  readonly minor: number | null;
  readonly platform: Platform;
  readonly openshiftVersion: string | null;
  /** This cluster's Kubernetes minor differs from the newest one in the fleet. */
  readonly behind: boolean;
}

export interface ApiVersionRow {
  /** `apps/v1`, `v1`, `batch/v1beta1`. */
  readonly groupVersion: string;
  /** true/false per cluster; null where the cluster's API list is unknown. */
  readonly servedBy: Readonly<Record<string, boolean | null>>;
  /** Served by some clusters with a known list and not by others. */
  readonly skewed: boolean;
}

export interface VersionSkewMatrix {
  readonly clusters: readonly ClusterVersionRow[];
  /** Distinct known Kubernetes versions, oldest first. */
  readonly kubernetesVersions: readonly string[];
  /** Newest minus oldest known minor (0 when in step or unknown). */
  readonly minorSkew: number;
  readonly openshiftVersions: readonly string[];
  readonly apis: readonly ApiVersionRow[];
  /** Any Kubernetes, OpenShift or API version difference. */
  readonly skewed: boolean;
  /** Clusters whose versions are unknown; the matrix says nothing about them. */
  readonly unknown: readonly string[];
}

export interface VersionSkewOptions {
  /** Per cluster, the group/versions it serves (from discovery); clusters left out are unknown. */
  apiVersions?: Readonly<Record<string, readonly string[]>>;
}

const VERSION = /^v?(\d+)\.(\d+)(?:\.(\d+))?/;

function parse(version: string | null): [number, number, number] | null {
  const match = version ? VERSION.exec(version) : null;
  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : null;
}

function compareVersions(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) return a < b ? -1 : a > b ? 1 : 0;
  return pa[0] - pb[0] || pa[1] - pb[1] || pa[2] - pb[2];
}

const distinct = (values: ReadonlyArray<string | null>): string[] =>
  [...new Set(values.filter((value): value is string => value !== null))].sort(compareVersions);

/** Kubernetes, OpenShift and served-API versions side by side, with the differences flagged. */
export function versionSkew(
  snapshots: readonly ClusterSnapshot[],
  options: VersionSkewOptions = {},
): VersionSkewMatrix {
  const minors = snapshots.map((snapshot) => parse(snapshot.metadata.kubernetesVersion)?.[1] ?? null);
  const known = minors.filter((minor): minor is number => minor !== null);
  const newest = known.length > 0 ? Math.max(...known) : null;
  const clusters = snapshots.map((snapshot, i) => ({
    clusterId: snapshot.clusterId,
    clusterName: snapshot.clusterName,
    kubernetesVersion: snapshot.metadata.kubernetesVersion,
    minor: minors[i] ?? null,
    platform: snapshot.metadata.platform,
    openshiftVersion: snapshot.metadata.openshiftVersion,
    behind: newest !== null && minors[i] !== null && minors[i] !== newest,
  }));
  const kubernetesVersions = distinct(clusters.map((row) => row.kubernetesVersion));
  const openshiftVersions = distinct(clusters.map((row) => row.openshiftVersion));

  const lists = options.apiVersions ?? {};
  const groupVersions = new Set<string>();
  for (const row of clusters) for (const gv of lists[row.clusterId] ?? []) groupVersions.add(gv);
  const apis = [...groupVersions].sort().map((groupVersion) => {
    const servedBy: Record<string, boolean | null> = {};
    for (const row of clusters) {
      const list = lists[row.clusterId];
      servedBy[row.clusterId] = list ? list.includes(groupVersion) : null;
    }
    const answers = Object.values(servedBy).filter((value) => value !== null);
    return { groupVersion, servedBy, skewed: answers.includes(true) && answers.includes(false) };
  });

  return {
    clusters,
    kubernetesVersions,
    minorSkew: known.length > 0 ? (newest as number) - Math.min(...known) : 0,
    openshiftVersions,
    apis,
    skewed: kubernetesVersions.length > 1 || openshiftVersions.length > 1 || apis.some((api) => api.skewed),
    unknown: clusters.filter((row) => row.kubernetesVersion === null).map((row) => row.clusterId),
  };
}
