import {
  ClusterManager,
  createFleet,
  FleetCache,
  FleetStore,
  ObjectCache,
  type KubeObject,
  type KubeObjectLike,
} from '@flotilla/cluster-core';
import type { InProcessData } from './in-process-data';
import { waitUntil } from './ingest-subject';
import { MemoryCluster } from './memory-cluster';
import { storeState } from './flotilla-https';

export const INFORMER_PATH = 'Flotilla informer path, in memory';
export const DIRECT_STORE = 'ObjectCache + FleetStore, parsed';
export const PARSE_ONLY = 'JSON.parse alone (reference)';

/** Wall and CPU time of one in-process ingest of every prepared event. */
export interface InProcessSample {
  ms: number;
  cpuMs: number;
}

function cpuMsSince(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/**
 * The whole informer path of a live view minus HTTPS: sessions over in-memory transports (legacy
 * discovery, one list, watches fed from prepared NDJSON lines), `FleetCache.watch({ kind: 'pods' })`
 * → informer (Reflector parses each line) → ObjectCache → ClusterFeed → FleetStore. Timed from
 * feeding the lines until the store counted every change.
 */
export async function informerPath(data: InProcessData, boundMs: number): Promise<InProcessSample> {
  const clusters = data.clusters.map((c) => new MemoryCluster(c.name, c.listText));
  const manager = new ClusterManager();
  manager.addAll(clusters.map((c) => c.definition()));
  const cache = new FleetCache(manager, createFleet(manager).discovery);
  const lease = cache.watch({ kind: 'pods' });
  try {
    const store = lease.scope.store;
    const ids = clusters.map((c) => c.clusterId);
    const expected = clusters.length * data.podsPerCluster;
    const synced = () => {
      const state = storeState(store, ids);
      return state.synced && state.pods === expected && clusters.every((c) => c.watchCount > 0);
    };
    if (!(await waitUntil(synced, (l) => store.subscribe(l), boundMs)))
      throw new Error(`${INFORMER_PATH}: not synced after ${boundMs} ms`);
    const base = store.version;
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (const [index, cluster] of clusters.entries()) cluster.feed(data.clusters[index]?.lines ?? []);
    const done = await waitUntil(
      () => store.version - base >= data.events,
      (l) => store.subscribe(l),
      boundMs,
    );
    if (!done)
      throw new Error(
        `${INFORMER_PATH}: ${store.version - base} of ${data.events} events after ${boundMs} ms`,
      );
    return { ms: performance.now() - started, cpuMs: cpuMsSince(cpu) };
  } finally {
    lease.release();
    cache.dispose();
    manager.dispose();
  }
}

/** Prepared events, parsed once and shared by every round (the store never changes them). */
export interface ParsedEvents {
  /** Per cluster, in order. */
  perCluster: Array<{
    name: string;
    initial: string;
    events: Array<{ type: 'MODIFIED'; object: KubeObject }>;
  }>;
}

export function parseEvents(data: InProcessData): ParsedEvents {
  return {
    perCluster: data.clusters.map((c) => ({
      name: c.name,
      initial: c.listText,
      events: c.lines.map((line) => JSON.parse(line) as { type: 'MODIFIED'; object: KubeObject }),
    })),
  };
}

/**
 * What the informer path does per event once a line is parsed — `ObjectCache.apply`, then
 * `FleetStore.upsert` (default projection, label index) — fed the parsed events directly.
 */
export function directStore(parsed: ParsedEvents): InProcessSample {
  const store = new FleetStore();
  const caches = parsed.perCluster.map((cluster) => {
    const cache = new ObjectCache<KubeObject>();
    const list = JSON.parse(cluster.initial) as {
      items: KubeObject[];
      metadata: { resourceVersion: string };
    };
    cache.replace(list.items, list.metadata.resourceVersion);
    store.replace(`memory:${cluster.name}`, cluster.name, 'Pod', list.items as unknown as KubeObjectLike[]);
    return { id: `memory:${cluster.name}`, name: cluster.name, cache, events: cluster.events };
  });
  const longest = Math.max(...caches.map((c) => c.events.length));
  const expected = caches.reduce((sum, c) => sum + c.events.length, 0);
  let stored = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  // Interleaved like the watches of several clusters arriving together.
  for (let i = 0; i < longest; i++) {
    for (const cluster of caches) {
      const event = cluster.events[i];
      if (!event) continue;
      const delta = cluster.cache.apply(event);
      if (
        delta &&
        delta.type !== 'DELETED' &&
        store.upsert(cluster.id, cluster.name, 'Pod', delta.object as unknown as KubeObjectLike)
      )
        stored++;
    }
  }
  const sample = { ms: performance.now() - started, cpuMs: cpuMsSince(cpu) };
  if (stored !== expected) throw new Error(`${DIRECT_STORE}: stored ${stored} of ${expected} events`);
  return sample;
}

/** The parse every NDJSON client pays, alone. */
export function parseOnly(data: InProcessData): InProcessSample {
  const cpu = process.cpuUsage();
  const started = performance.now();
  let names = 0;
  for (const cluster of data.clusters)
    for (const line of cluster.lines)
      names += (JSON.parse(line) as { object: { metadata: { name: string } } }).object.metadata.name.length;
  if (names === 0) throw new Error('no events parsed');
  return { ms: performance.now() - started, cpuMs: cpuMsSince(cpu) };
}
