import { ChildFleet } from '../lib/child-fleet/child-fleet';
import { formatNumber } from '../lib/format';
import { loadMetrics } from '../lib/load';
import { runRounds } from '../lib/rounds';
import type { Scenario, ScenarioOptions, ScenarioResult } from '../lib/scenario';
import { ClientNodeHttpsSubject } from './watch-ingest/client-node-https';
import { FlotillaHttpsSubject } from './watch-ingest/flotilla-https';
import {
  DIRECT_STORE,
  directStore,
  INFORMER_PATH,
  informerPath,
  PARSE_ONLY,
  parseEvents,
  parseOnly,
  type InProcessSample,
} from './watch-ingest/in-process';
import { prepareInProcessData } from './watch-ingest/in-process-data';
import type { IngestSubject } from './watch-ingest/ingest-subject';
import { measureHttps, type HttpsSample } from './watch-ingest/measure-https';
import { PlainWatchSubject } from './watch-ingest/plain-watch';
import { httpsReport, inProcessReport } from './watch-ingest/report';

const SIZES = {
  full: {
    https: { clusters: 50, podsPerCluster: 2000, events: 50_000 },
    inProcess: { clusters: 10, podsPerCluster: 1000, events: 30_000 },
    managedFields: true,
    warmup: 1,
    runs: 5,
    boundMs: 180_000,
    settleMs: 500,
  },
  smoke: {
    https: { clusters: 2, podsPerCluster: 50, events: 200 },
    inProcess: { clusters: 2, podsPerCluster: 50, events: 200 },
    managedFields: true,
    warmup: 0,
    runs: 2,
    boundMs: 30_000,
    settleMs: 50,
  },
} as const;

/** A pause after every run, for exiting processes and the servers' garbage collection. */
const SETTLE_BETWEEN_RUNS_MS = 250;

const METHOD = [
  'Pods are the testkit’s generated pods (about 2.5 KB of JSON each) plus the two managedFields entries a real API server sends with every pod (controller and kubelet), which simulated pods otherwise lack; the default projection drops managedFields, client-node keeps them.',
  'Over HTTPS the fleet runs in a child process; one subject at a time (reverse order every other round, the first round a discarded warm-up) lists and watches every cluster, its heap is read once it holds every pod (heapUsed growth from before it started, after two full collections, including its sessions, caches and indexes), then the fleet writes a burst of pod status updates (first container’s restartCount + 1) straight into its stores, round robin over clusters and pods, as fast as it can; the time runs from the burst command until the subject ingested the last update. Flotilla’s progress is read from the FleetStore’s version, notified in 16 ms batches as views are.',
  'The plain HTTPS watch only counts newlines: the rate at which the server and TLS deliver events, the ceiling for every client of this fleet. When it is close to the subjects’ rates, the server is the bottleneck and the in-process figures tell what the client side can do.',
  'In process (no HTTPS, no server): the same informer path over in-memory transports fed prepared NDJSON lines (JSON.parse included, as over the network); the per-event work after parsing (ObjectCache.apply + FleetStore.upsert) fed parsed events; and JSON.parse alone. Single-threaded, so CPU time per event gives the rate of one core even when other processes share the machine.',
  'The machine’s 2 cores were shared with other work while this ran; the load averages given count every process on it, this run’s own included. CPU time per event is steadier than wall-clock rates under shared load.',
];

export const watchIngestScenario: Scenario = {
  name: 'watch-ingest',
  title: 'Watch ingest: events per second and heap per pod',
  description: [
    `Pod watch events into the \`FleetStore\` through the real informer path (\`FleetCache\` → informer → store) from`,
    `${SIZES.full.https.clusters} simulated clusters × ${SIZES.full.https.podsPerCluster.toLocaleString('en-US')} pods over HTTPS (served by a child process), against`,
    '`@kubernetes/client-node` 1.4 `makeInformer` into a `Map`, with a plain HTTPS watch that only counts lines as the server’s',
    'ceiling; heap per stored pod at 100,000 pods; and the same ingest in process without HTTPS. Targets: ≥ 100,000',
    'events/s on one core; ≤ 2 KiB heap per stored pod.',
  ].join(' '),
  async run(options: ScenarioOptions): Promise<ScenarioResult> {
    const size = SIZES[options.size];
    const log = options.log ?? (() => undefined);
    const startLoad = loadMetrics('start');
    const pods = size.https.clusters * size.https.podsPerCluster;

    const fleet = await ChildFleet.start({
      clusters: size.https.clusters,
      podsPerCluster: size.https.podsPerCluster,
      managedFields: size.managedFields,
    });
    let https: Array<{ name: string; samples: HttpsSample[] }>;
    try {
      log(
        `  ${size.https.clusters} clusters × ${size.https.podsPerCluster} pods started in ${formatNumber(fleet.startMs)} ms`,
      );
      const subjects: IngestSubject[] = [
        new FlotillaHttpsSubject(fleet.kubeconfigPath),
        new ClientNodeHttpsSubject(fleet.kubeconfigPath),
        new PlainWatchSubject(fleet.kubeconfigPath),
      ];
      const httpsSize = { pods, events: size.https.events, boundMs: size.boundMs, settleMs: size.settleMs };
      https = await runRounds<HttpsSample>({
        warmup: size.warmup,
        runs: size.runs,
        order: 'alternate',
        settleMs: SETTLE_BETWEEN_RUNS_MS,
        subjects: subjects.map((s) => ({ name: s.name, run: () => measureHttps(s, fleet, httpsSize) })),
        onRun: (subject, round, s, warmup) =>
          log(
            `    ${warmup ? 'warm-up' : 'run'} ${round + 1} ${subject}: sync ${formatNumber(s.syncMs)} ms, ` +
              `${s.heapBytesPerPod === undefined ? '' : `${formatNumber(s.heapBytesPerPod)} B/pod, `}` +
              `${formatNumber((size.https.events * 1000) / s.ingestMs)} events/s (fleet wrote ${formatNumber((size.https.events * 1000) / s.produceMs)}/s)`,
          ),
      });
    } finally {
      await fleet.stop();
    }

    log(`  preparing ${size.inProcess.events} in-process events`);
    const data = prepareInProcessData({ ...size.inProcess, managedFields: size.managedFields });
    const parsed = parseEvents(data);
    const inProcess = await runRounds<InProcessSample>({
      warmup: size.warmup,
      runs: size.runs,
      order: 'alternate',
      settleMs: SETTLE_BETWEEN_RUNS_MS,
      subjects: [
        { name: INFORMER_PATH, run: () => informerPath(data, size.boundMs) },
        { name: DIRECT_STORE, run: async () => directStore(parsed) },
        { name: PARSE_ONLY, run: async () => parseOnly(data) },
      ],
      onRun: (subject, round, s, warmup) =>
        log(
          `    ${warmup ? 'warm-up' : 'run'} ${round + 1} ${subject}: ${formatNumber((size.inProcess.events * 1000) / s.ms)} events/s`,
        ),
    });

    const overHttps = httpsReport(https, { ...size.https });
    const local = inProcessReport(inProcess, { ...size.inProcess });
    return {
      parameters: {
        clusters: size.https.clusters,
        podsPerCluster: size.https.podsPerCluster,
        events: size.https.events,
        'inProcess.clusters': size.inProcess.clusters,
        'inProcess.podsPerCluster': size.inProcess.podsPerCluster,
        'inProcess.events': size.inProcess.events,
        managedFields: size.managedFields,
        warmup: size.warmup,
        runs: size.runs,
      },
      rows: [...overHttps.rows, ...local.rows],
      ratios: [...overHttps.ratios, ...local.ratios],
      metrics: [...overHttps.metrics, ...local.metrics, ...startLoad, ...loadMetrics('end')],
      notes: [...overHttps.notes, ...local.notes, ...METHOD],
    };
  },
};
