import type { SerializedFlotillaError } from '../errors';
import type { FleetStore } from '../fleet-store/fleet-store';
import type { ClusterQueryStatusName } from '../fleet-store/query';
import type { FleetStoreItem, KubeObjectLike, ObjectRef } from '../fleet-store/types';

/** Marks a path an object does not have (distinct from `null` or `undefined` values). */
export const MISSING: unique symbol = Symbol.for('flotilla.comparison.missing');
export type Missing = typeof MISSING;

export interface DiffEntry {
  /** `spec.template.spec.containers[name=web].image`; list items with a `name` are matched by name. */
  readonly path: string;
  readonly values: Readonly<Record<string, unknown>>;
}

export interface DiffOptions {
  /**
   * Paths never compared, with `[]` standing for any list position. Defaults to
   * {@link DEFAULT_IGNORED_PATHS}; a path ignores everything below it too.
   */
  ignorePaths?: readonly string[];
  /** Annotation keys never compared; defaults to {@link DEFAULT_IGNORED_ANNOTATIONS}. */
  ignoreAnnotations?: readonly string[];
  /** Compare `status` as well (off by default: it is the cluster's report, not the desired state). */
  includeStatus?: boolean;
}

/** Server-managed fields that differ between any two copies of an object and are left out of a diff. */
export const DEFAULT_IGNORED_PATHS: readonly string[] = [
  'metadata.uid',
  'metadata.resourceVersion',
  'metadata.creationTimestamp',
  'metadata.generation',
  'metadata.managedFields',
  'metadata.selfLink',
  'metadata.ownerReferences[].uid',
];

/** Annotations written by tools and controllers, left out of a diff. */
export const DEFAULT_IGNORED_ANNOTATIONS: readonly string[] = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const SIMPLE_KEY = /^[A-Za-z_$][\w$-]*$/;

/** A list whose items all have a distinct string `name` is compared by name, not by position. */
function namedList(value: unknown[]): Map<string, unknown> | undefined {
  if (value.length === 0) return undefined;
  const byName = new Map<string, unknown>();
  for (const entry of value) {
    const name = isRecord(entry) ? entry['name'] : undefined;
    if (typeof name !== 'string' || byName.has(name)) return undefined;
    byName.set(name, entry);
  }
  return byName;
}

class Differ {
  readonly entries: DiffEntry[] = [];
  private readonly ignored: ReadonlySet<string>;
  private readonly ignoredAnnotations: ReadonlySet<string>;

  constructor(
    private readonly ids: readonly string[],
    options: DiffOptions,
  ) {
    this.ignored = new Set([
      ...(options.ignorePaths ?? DEFAULT_IGNORED_PATHS),
      ...(options.includeStatus ? [] : ['status']),
    ]);
    this.ignoredAnnotations = new Set(options.ignoreAnnotations ?? DEFAULT_IGNORED_ANNOTATIONS);
  }

  /** `values[i]` is what cluster `ids[i]` has at `path`; `pattern` is the path with `[]` for positions. */
  walk(path: string, pattern: string, values: readonly unknown[]): void {
    if (this.ignored.has(pattern)) return;
    const present = values.filter((value) => value !== MISSING);
    if (present.length > 0 && present.every(isRecord)) return this.walkRecords(path, pattern, values);
    if (present.length > 0 && present.every(Array.isArray)) return this.walkLists(path, pattern, values);
    const first = JSON.stringify(values[0] === MISSING ? null : values[0]);
    const same = values.every((value) => value !== MISSING && JSON.stringify(value) === first);
    if (!same) this.report(path, values);
  }

  private walkRecords(path: string, pattern: string, values: readonly unknown[]): void {
    const keys = new Set<string>();
    for (const value of values) if (isRecord(value)) for (const key of Object.keys(value)) keys.add(key);
    for (const key of [...keys].sort()) {
      if (pattern === 'metadata.annotations' && this.ignoredAnnotations.has(key)) continue;
      const segment = SIMPLE_KEY.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
      const child = values.map((value) => (isRecord(value) && key in value ? value[key] : MISSING));
      this.walk(path ? `${path}${segment}` : key, pattern ? `${pattern}${segment}` : key, child);
    }
  }

  private walkLists(path: string, pattern: string, values: readonly unknown[]): void {
    const lists = values.map((value) => (Array.isArray(value) ? value : undefined));
    const named = lists.map((list) => (list ? namedList(list) : undefined));
    if (lists.every((list, i) => !list || named[i])) {
      const names = new Set<string>();
      for (const map of named) if (map) for (const name of map.keys()) names.add(name);
      for (const name of names) {
        const child = named.map((map) => (map?.has(name) ? map.get(name) : MISSING));
        this.walk(`${path}[name=${name}]`, `${pattern}[]`, child);
      }
      return;
    }
    const length = Math.max(...lists.map((list) => list?.length ?? 0));
    for (let i = 0; i < length; i++) {
      const child = lists.map((list) => (list && i < list.length ? list[i] : MISSING));
      this.walk(`${path}[${i}]`, `${pattern}[]`, child);
    }
  }

  private report(path: string, values: readonly unknown[]): void {
    const byCluster: Record<string, unknown> = {};
    this.ids.forEach((id, i) => (byCluster[id] = values[i]));
    this.entries.push({ path, values: byCluster });
  }
}

/**
 * The paths where same-named objects differ across clusters, ignoring what servers manage. A
 * cluster whose object is `undefined` (absent) shows {@link MISSING} at every path.
 */
export function diffObjects(
  objects: Readonly<Record<string, KubeObjectLike | undefined>>,
  options: DiffOptions = {},
): DiffEntry[] {
  const ids = Object.keys(objects);
  const differ = new Differ(ids, options);
  differ.walk(
    '',
    '',
    ids.map((id) => objects[id] ?? MISSING),
  );
  return differ.entries;
}

export interface ObjectComparison {
  readonly kind: string;
  readonly ref: ObjectRef;
  /**
   * The clusters compared: whether each holds the object and how current its copy of the kind is,
   * so "absent" from a cluster in error is not read as "deleted there".
   */
  readonly clusters: ReadonlyArray<{
    clusterId: string;
    clusterName: string;
    present: boolean;
    status: ClusterQueryStatusName;
    error?: SerializedFlotillaError;
  }>;
  readonly diff: readonly DiffEntry[];
  /** True when any compared cluster is not fully synced for this kind. */
  readonly partial: boolean;
}

const STATUS = { synced: 'ok', error: 'error', syncing: 'syncing', stale: 'stale' } as const;

/** Compares one object (kind, namespace, name) across clusters of the store (all when not given). */
export function compareAcrossClusters(
  store: FleetStore,
  kind: string,
  ref: ObjectRef,
  options: DiffOptions & { clusters?: readonly string[] } = {},
): ObjectComparison {
  const ids = options.clusters ?? store.clusters().map((cluster) => cluster.clusterId);
  const objects: Record<string, KubeObjectLike | undefined> = {};
  const items: Array<FleetStoreItem | undefined> = ids.map((id) => store.get(id, kind, ref));
  ids.forEach((id, i) => (objects[id] = items[i]?.object));
  const clusters = ids.map((id, i) => {
    const sync = store.syncState(id, kind);
    return {
      clusterId: id,
      clusterName: store.cluster(id)?.clusterName ?? id,
      present: items[i] !== undefined,
      status: sync ? STATUS[sync.state] : ('syncing' as const),
      ...(sync?.error ? { error: sync.error } : {}),
    };
  });
  return {
    kind,
    ref,
    clusters,
    diff: diffObjects(objects, options),
    partial: clusters.some((cluster) => cluster.status !== 'ok'),
  };
}
