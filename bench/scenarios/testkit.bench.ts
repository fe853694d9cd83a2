import { SimulatedCluster } from '@flotilla/cluster-testkit';
import { HttpsLoadClient } from '../lib/https-load';
import { runInterleaved } from '../lib/interleave';
import { pairedSpeedRatio, timedRow, valueRow } from '../lib/rows';
import type { Metric, Ratio, ResultRow, Scenario, ScenarioOptions, ScenarioResult } from '../lib/scenario';
import { median } from '../lib/stats';
import { measureFleetMemory, type FleetMemorySample } from './testkit/fleet-memory';
import { PlainHttpsPeer } from './testkit/plain-peer';

const SIZES = {
  full: {
    pods: 1000,
    listRequestsPerRun: 48,
    readyzRequestsPerRun: 4000,
    concurrency: 8,
    warmup: 2,
    runs: 7,
    fleetClusters: 200,
    podsPerCluster: 30,
    memoryWarmup: 1,
    memoryRuns: 5,
    settleMs: 500,
  },
  smoke: {
    pods: 50,
    listRequestsPerRun: 16,
    readyzRequestsPerRun: 100,
    concurrency: 4,
    warmup: 1,
    runs: 2,
    fleetClusters: 2,
    podsPerCluster: 30,
    memoryWarmup: 0,
    memoryRuns: 2,
    settleMs: 50,
  },
} as const;

type Size = (typeof SIZES)[keyof typeof SIZES];

const OURS = 'SimulatedCluster';
const PEER = 'plain https.createServer';
const LIST_PATH = '/api/v1/pods';
const READYZ_PATH = '/readyz';

async function measureThroughput(
  size: Size,
  log: (line: string) => void,
): Promise<{ rows: ResultRow[]; ratios: Ratio[]; metrics: Metric[] }> {
  const cluster = await SimulatedCluster.start({ name: 'bench', workload: { pods: size.pods } });
  const headers = { Authorization: `Bearer ${cluster.tokenFor('admin')}`, Accept: 'application/json' };
  const ours = new HttpsLoadClient({ url: cluster.url, caPem: cluster.caPem, headers }, size.concurrency);
  let peer: PlainHttpsPeer | undefined;
  let theirs: HttpsLoadClient | undefined;
  try {
    // The peer answers the very bytes the simulated cluster produced, so both send equal payloads.
    const listBody = await ours.fetch(LIST_PATH);
    const readyzBody = await ours.fetch(READYZ_PATH);
    const listed: unknown = JSON.parse(listBody.toString('utf8'));
    const items = (listed as { items?: unknown[] }).items;
    if (!Array.isArray(items) || items.length !== size.pods)
      throw new Error(`expected ${size.pods} pods, listed ${items?.length}`);
    peer = await PlainHttpsPeer.start(
      new Map([
        [LIST_PATH, { contentType: 'application/json', body: listBody }],
        [READYZ_PATH, { contentType: 'text/plain; charset=utf-8', body: readyzBody }],
      ]),
    );
    const peerClient = new HttpsLoadClient({ url: peer.url, caPem: peer.caPem, headers }, size.concurrency);
    theirs = peerClient;

    const rows: ResultRow[] = [];
    const ratios: Ratio[] = [];
    const cases = [
      { measure: `GET ${LIST_PATH} (${size.pods} pods)`, path: LIST_PATH, requests: size.listRequestsPerRun },
      { measure: `GET ${READYZ_PATH}`, path: READYZ_PATH, requests: size.readyzRequestsPerRun },
    ];
    for (const c of cases) {
      log(
        `  ${c.measure}: ${size.warmup} warm-up + ${size.runs} runs of ${c.requests} requests, concurrency ${size.concurrency}`,
      );
      const load = { path: c.path, requests: c.requests, concurrency: size.concurrency };
      const [oursSamples, peerSamples] = await runInterleaved({
        warmup: size.warmup,
        runs: size.runs,
        subjects: [
          { name: OURS, run: async () => void (await ours.load(load)) },
          { name: PEER, run: async () => void (await peerClient.load(load)) },
        ],
      });
      if (!oursSamples || !peerSamples) throw new Error('runInterleaved lost a subject');
      const ourRow = timedRow(c.measure, OURS, oursSamples.samples, c.requests, 'req/s');
      const peerRow = timedRow(c.measure, PEER, peerSamples.samples, c.requests, 'req/s');
      rows.push(ourRow, peerRow);
      ratios.push(pairedSpeedRatio(c.measure, ourRow, peerRow));
    }
    const metrics: Metric[] = [
      { name: `${LIST_PATH} body (${size.pods} pods)`, value: listBody.length / 1024, unit: 'KiB' },
    ];
    return { rows, ratios, metrics };
  } finally {
    ours.close();
    theirs?.close();
    await peer?.stop();
    await cluster.stop();
  }
}

async function measureMemory(
  size: Size,
  log: (line: string) => void,
): Promise<{ rows: ResultRow[]; metrics: Metric[] }> {
  log(
    `  idle fleet memory: ${size.memoryWarmup} warm-up + ${size.memoryRuns} starts of ${size.fleetClusters} clusters × ${size.podsPerCluster} pods`,
  );
  const samples: FleetMemorySample[] = [];
  for (let i = 0; i < size.memoryWarmup + size.memoryRuns; i++) {
    const sample = await measureFleetMemory(size.fleetClusters, size.podsPerCluster, size.settleMs);
    if (i >= size.memoryWarmup) samples.push(sample);
  }
  const measure = `heapUsed per idle cluster (${size.fleetClusters} clusters, ${size.podsPerCluster} pods each)`;
  return {
    rows: [
      valueRow(
        measure,
        OURS,
        'KiB',
        samples.map((s) => s.heapPerClusterKiB),
      ),
    ],
    metrics: [
      {
        name: 'RSS growth per idle cluster (median)',
        value: median(samples.map((s) => s.rssPerClusterKiB)),
        unit: 'KiB',
      },
      {
        name: 'heapUsed retained per cluster after fleet.stop() (median)',
        value: median(samples.map((s) => s.retainedHeapPerClusterKiB)),
        unit: 'KiB',
      },
      {
        name: `startSimulatedFleet, ${size.fleetClusters} clusters (median)`,
        value: median(samples.map((s) => s.startMs)),
        unit: 'ms',
      },
    ],
  };
}

export const testkitScenario: Scenario = {
  name: 'testkit',
  title: 'Simulated cluster: request throughput and idle memory',
  description: [
    `Requests per second of \`GET ${LIST_PATH}\` (a ${SIZES.full.pods}-pod list) and of`,
    `\`GET ${READYZ_PATH}\` against one \`SimulatedCluster\`, over HTTPS with a keep-alive agent and`,
    `${SIZES.full.concurrency} requests in flight. The peer is a bare \`https.createServer\` with the same TLS`,
    'settings answering the same pre-serialized bytes: the upper bound for any request pipeline in Node, so',
    'the ratio is the share of that bound the simulator reaches. Client and servers share one process, so the',
    'client cost common to both narrows the ratio. Also: `heapUsed` per idle cluster of a',
    `${SIZES.full.fleetClusters}-cluster \`startSimulatedFleet\` (${SIZES.full.podsPerCluster} pods each), after full garbage collections.`,
  ].join(' '),
  async run(options: ScenarioOptions): Promise<ScenarioResult> {
    const size = SIZES[options.size];
    const log = options.log ?? (() => undefined);
    // Memory first: RSS can only be read cleanly before the throughput runs have grown the heap.
    const memory = await measureMemory(size, log);
    const throughput = await measureThroughput(size, log);
    return {
      parameters: { ...size },
      rows: [...throughput.rows, ...memory.rows],
      ratios: throughput.ratios,
      metrics: [...throughput.metrics, ...memory.metrics],
      notes: [
        'Times are wall-clock ms per run of a fixed number of requests; rates are taken at the median run.',
        'Ratios are medians of per-round ratios (each round runs both subjects back to back).',
        'RSS growth reads lower after the first fleet of the process because freed pages are reused.',
      ],
    };
  },
};
