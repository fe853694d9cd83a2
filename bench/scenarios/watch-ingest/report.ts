import { formatNumber } from '../../lib/format';
import { medianPairedRatio, timedRow, valueRow } from '../../lib/rows';
import type { Metric, Ratio, ResultRow } from '../../lib/scenario';
import { median } from '../../lib/stats';
import { CLIENT_NODE_MAP } from './client-node-https';
import { FLOTILLA_STORE } from './flotilla-https';
import { DIRECT_STORE, INFORMER_PATH, PARSE_ONLY, type InProcessSample } from './in-process';
import type { HttpsSample } from './measure-https';
import { PLAIN_WATCH } from './plain-watch';

export const TARGETS = { eventsPerSecond: 100_000, heapKiBPerPod: 2 } as const;

export interface IngestReport {
  rows: ResultRow[];
  ratios: Ratio[];
  metrics: Metric[];
  notes: string[];
}

type Results<S> = ReadonlyArray<{ name: string; samples: S[] }>;

const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
const rate = (events: number, ms: number) => (events * 1000) / ms;

export function httpsReport(
  results: Results<HttpsSample>,
  size: { clusters: number; podsPerCluster: number; events: number },
): IngestReport {
  const pods = size.clusters * size.podsPerCluster;
  const of = (name: string) => results.find((r) => r.name === name)?.samples ?? [];
  const pick = (name: string, f: (s: HttpsSample) => number) => of(name).map(f);
  const ingest = `events over HTTPS, ${size.events.toLocaleString('en-US')} in ${size.clusters} clusters`;
  const cpu = `client CPU per event over HTTPS`;
  const heap = `heap per stored pod (${pods.toLocaleString('en-US')} pods)`;
  const sync = `list + watch until ${pods.toLocaleString('en-US')} pods held`;
  const holders = results.filter((r) => r.name !== PLAIN_WATCH);
  const rows = [
    ...results.map((r) =>
      timedRow(
        ingest,
        r.name,
        pick(r.name, (s) => s.ingestMs),
        size.events,
        'events/s',
      ),
    ),
    ...results.map((r) =>
      valueRow(
        cpu,
        r.name,
        'µs',
        pick(r.name, (s) => s.clientCpuMicrosPerEvent),
      ),
    ),
    ...holders.map((r) =>
      valueRow(
        heap,
        r.name,
        'KiB',
        pick(r.name, (s) => (s.heapBytesPerPod ?? 0) / 1024),
      ),
    ),
    ...holders.map((r) =>
      timedRow(
        sync,
        r.name,
        pick(r.name, (s) => s.syncMs),
        pods,
        'pods/s',
      ),
    ),
  ];
  const ratios: Ratio[] = [];
  const rounds = of(FLOTILLA_STORE).length;
  const add = (label: string, numerator: number[], denominator: number[], detail: string) => {
    const value = medianPairedRatio(numerator, denominator);
    if (value !== undefined)
      ratios.push({ label, value, detail: `${detail}, median of ${rounds} per-round ratios` });
    return value;
  };
  add(
    ingest,
    pick(CLIENT_NODE_MAP, (s) => s.ingestMs),
    pick(FLOTILLA_STORE, (s) => s.ingestMs),
    `${CLIENT_NODE_MAP} time ÷ ${FLOTILLA_STORE} time; above 1 Flotilla ingests faster`,
  );
  add(
    `${FLOTILLA_STORE} ÷ ${PLAIN_WATCH}`,
    pick(FLOTILLA_STORE, (s) => s.ingestMs),
    pick(PLAIN_WATCH, (s) => s.ingestMs),
    'ingest time ÷ the time the server and TLS need to deliver the same events; 1 means the server is the limit',
  );
  add(
    cpu,
    pick(CLIENT_NODE_MAP, (s) => s.clientCpuMicrosPerEvent),
    pick(FLOTILLA_STORE, (s) => s.clientCpuMicrosPerEvent),
    `${CLIENT_NODE_MAP} CPU ÷ ${FLOTILLA_STORE} CPU per event; above 1 Flotilla spends less`,
  );
  add(
    heap,
    pick(CLIENT_NODE_MAP, (s) => s.heapBytesPerPod ?? 0),
    pick(FLOTILLA_STORE, (s) => s.heapBytesPerPod ?? 0),
    `${CLIENT_NODE_MAP} heap ÷ ${FLOTILLA_STORE} heap per pod; above 1 Flotilla holds less`,
  );
  add(
    sync,
    pick(CLIENT_NODE_MAP, (s) => s.syncMs),
    pick(FLOTILLA_STORE, (s) => s.syncMs),
    `${CLIENT_NODE_MAP} time ÷ ${FLOTILLA_STORE} time; above 1 Flotilla holds every pod sooner`,
  );

  const metrics: Metric[] = [];
  for (const r of results) {
    metrics.push(
      {
        name: `${r.name}: events/s per core of this process (1 s ÷ CPU per event, median)`,
        value: 1e6 / median(pick(r.name, (s) => s.clientCpuMicrosPerEvent)),
        unit: 'events/s',
      },
      {
        name: `${r.name}: fleet process writing the burst, events/s (median)`,
        value: median(pick(r.name, (s) => rate(size.events, s.produceMs))),
        unit: 'events/s',
      },
      {
        name: `${r.name}: fleet process CPU per event (median)`,
        value: median(pick(r.name, (s) => s.fleetCpuMicrosPerEvent)),
        unit: 'µs',
      },
      {
        name: `${r.name}: runs that hit the bound`,
        value: of(r.name).filter((s) => s.boundHit).length,
        unit: 'runs',
      },
    );
  }
  const flotillaRate = rate(size.events, median(pick(FLOTILLA_STORE, (s) => s.ingestMs)));
  const flotillaCoreRate = 1e6 / median(pick(FLOTILLA_STORE, (s) => s.clientCpuMicrosPerEvent));
  const serverRate = median(pick(FLOTILLA_STORE, (s) => rate(size.events, s.produceMs)));
  const heapKiB = median(pick(FLOTILLA_STORE, (s) => (s.heapBytesPerPod ?? 0) / 1024));
  const notes = [
    `Target ≥ ${formatNumber(TARGETS.eventsPerSecond)} events/s on one core, over HTTPS: ${formatNumber(flotillaRate)} events/s wall-clock → ${met(flotillaRate >= TARGETS.eventsPerSecond)} (the fleet process wrote the burst at ${formatNumber(serverRate)} events/s); by this process’s CPU per event, one core would ingest ${formatNumber(flotillaCoreRate)} events/s → ${met(flotillaCoreRate >= TARGETS.eventsPerSecond)}.`,
    `Target ≤ ${TARGETS.heapKiBPerPod} KiB heap per stored pod (default projection): ${formatNumber(heapKiB)} KiB → ${met(heapKiB <= TARGETS.heapKiBPerPod)}.`,
  ];
  return { rows, ratios, metrics, notes };
}

export function inProcessReport(
  results: Results<InProcessSample>,
  size: { clusters: number; podsPerCluster: number; events: number },
): IngestReport {
  const of = (name: string) => results.find((r) => r.name === name)?.samples ?? [];
  const wall = `events in process, no HTTPS (${size.events.toLocaleString('en-US')} in ${size.clusters} clusters)`;
  const cpu = `CPU per event in process, no HTTPS`;
  const rows = [
    ...results.map((r) =>
      timedRow(
        wall,
        r.name,
        of(r.name).map((s) => s.ms),
        size.events,
        'events/s',
      ),
    ),
    ...results.map((r) =>
      valueRow(
        cpu,
        r.name,
        'µs',
        of(r.name).map((s) => (s.cpuMs * 1000) / size.events),
      ),
    ),
  ];
  const ratios: Ratio[] = [];
  const parseShare = medianPairedRatio(
    of(PARSE_ONLY).map((s) => s.ms),
    of(INFORMER_PATH).map((s) => s.ms),
  );
  if (parseShare !== undefined)
    ratios.push({
      label: `${PARSE_ONLY} ÷ ${INFORMER_PATH}`,
      value: parseShare,
      detail: 'the share of the informer path’s time that JSON.parse alone takes, median of per-round ratios',
    });
  const metrics: Metric[] = results.map((r) => ({
    name: `${r.name}: events/s per core (1 s ÷ CPU per event, median)`,
    value: 1e6 / median(of(r.name).map((s) => (s.cpuMs * 1000) / size.events)),
    unit: 'events/s',
  }));
  const notes = [INFORMER_PATH, DIRECT_STORE].map((name) => {
    const wallRate = rate(size.events, median(of(name).map((s) => s.ms)));
    const coreRate = (size.events * 1000) / median(of(name).map((s) => s.cpuMs));
    return `Target ≥ ${formatNumber(TARGETS.eventsPerSecond)} events/s on one core, in process — ${name}: ${formatNumber(wallRate)} events/s wall-clock, ${formatNumber(coreRate)} by CPU time → ${met(coreRate >= TARGETS.eventsPerSecond)} (judged by CPU time: other processes share the cores).`;
  });
  return { rows, ratios, metrics, notes };
}
