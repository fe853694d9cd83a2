import { formatNumber } from '../../lib/format';
import { medianPairedRatio, valueRow } from '../../lib/rows';
import type { Metric, Ratio, ResultRow } from '../../lib/scenario';
import { median } from '../../lib/stats';
import type { LatenessResult } from './lateness';
import type { ResourceRound, ResourceSize } from './resources';

export const OURS = 'ClusterManager sessions';
export const PEER = 'client-node 1.4 pollers';
const EXACT = 'ClusterManager sessions, exact due times (alignMs: 0)';
const FLOOR = 'bare https.request keep-alive pollers, same schedule (floor)';
const BASELINE = 'no clients (baseline)';
const TARGET = { cpuPercent: 5, heapKiB: 150_000 / 1024, p99LatenessMs: 50 };

export interface ReportPart {
  rows: ResultRow[];
  ratios: Ratio[];
  metrics: Metric[];
  notes: string[];
}

function verdict(value: number, limit: number): string {
  return value < limit ? 'met' : 'MISSED';
}

/** Rows, ratios and target checks of the CPU and heap rounds. */
export function resourceReport(rounds: readonly ResourceRound[], size: ResourceSize): ReportPart {
  const n = size.clusters;
  const pick = (f: (r: ResourceRound) => number) => rounds.map(f);
  const cpu = `CPU of this process, % of one core (${n} clusters, ${size.windowMs / 1000} s windows)`;
  const fleetCpu = `CPU of the fleet process answering them, % of one core (${n} clusters)`;
  const heap = `heapUsed per connected session or poller (${n} clusters, after full GC)`;
  const rows = [
    valueRow(
      cpu,
      OURS,
      '%',
      pick((r) => r.ours.cpuPercent),
    ),
    valueRow(
      cpu,
      EXACT,
      '%',
      pick((r) => r.exact.cpuPercent),
    ),
    valueRow(
      cpu,
      FLOOR,
      '%',
      pick((r) => r.floor.cpuPercent),
    ),
    valueRow(
      cpu,
      PEER,
      '%',
      pick((r) => r.peer.cpuPercent),
    ),
    valueRow(
      cpu,
      BASELINE,
      '%',
      pick((r) => r.baseline.cpuPercent),
    ),
    valueRow(
      fleetCpu,
      OURS,
      '%',
      pick((r) => r.ours.fleetCpuPercent),
    ),
    valueRow(
      fleetCpu,
      PEER,
      '%',
      pick((r) => r.peer.fleetCpuPercent),
    ),
    valueRow(
      fleetCpu,
      BASELINE,
      '%',
      pick((r) => r.baseline.fleetCpuPercent),
    ),
    valueRow(
      heap,
      OURS,
      'KiB',
      pick((r) => r.ours.heapPerSessionKiB),
    ),
    valueRow(
      heap,
      PEER,
      'KiB',
      pick((r) => r.peer.heapPerSessionKiB),
    ),
  ];
  const oursCpu = pick((r) => r.ours.cpuPercent - r.baseline.cpuPercent);
  const peerCpu = pick((r) => r.peer.cpuPercent - r.baseline.cpuPercent);
  const exactCpu = pick((r) => r.exact.cpuPercent - r.baseline.cpuPercent);
  const floorCpu = pick((r) => r.floor.cpuPercent - r.baseline.cpuPercent);
  const ratios: Ratio[] = [];
  const notes: string[] = [];
  const cpuRatio = medianPairedRatio(peerCpu, oursCpu);
  if (cpuRatio === undefined)
    notes.push('No CPU ratio: in some round a subject did not measure above the baseline (noise).');
  else
    ratios.push({
      label: cpu,
      value: cpuRatio,
      detail: `(${PEER} − baseline) ÷ (${OURS} − baseline), median of ${rounds.length} per-round ratios; above 1 the sessions cost less`,
    });
  const alignRatio = medianPairedRatio(exactCpu, oursCpu);
  if (alignRatio !== undefined)
    ratios.push({
      label: `${cpu}: exact due times ÷ aligned (default)`,
      value: alignRatio,
      detail: `(${EXACT} − baseline) ÷ (${OURS} − baseline), median of ${rounds.length} per-round ratios; above 1 the 100 ms heartbeat grid saves CPU`,
    });
  const heapRatio = medianPairedRatio(
    pick((r) => r.peer.heapPerSessionKiB),
    pick((r) => r.ours.heapPerSessionKiB),
  );
  if (heapRatio !== undefined)
    ratios.push({
      label: heap,
      value: heapRatio,
      detail: `${PEER} ÷ ${OURS}, median of ${rounds.length} per-round ratios; above 1 the sessions hold less`,
    });
  const oursCpuMedian = median(oursCpu);
  const oursHeapMedian = median(pick((r) => r.ours.heapPerSessionKiB));
  const metric = (name: string, values: number[], unit: string): Metric => ({
    name,
    value: median(values),
    unit,
  });
  const metrics = [
    metric(`CPU attributable to ${n} sessions (sessions − baseline, median)`, oursCpu, '%'),
    metric(
      `CPU attributable to ${n} sessions with exact due times (alignMs: 0; − baseline, median)`,
      exactCpu,
      '%',
    ),
    metric(`CPU attributable to ${n} bare https.request pollers (floor − baseline, median)`, floorCpu, '%'),
    metric(`CPU attributable to ${n} pollers (pollers − baseline, median)`, peerCpu, '%'),
    metric(
      'kernel (system) part of the sessions’ CPU (median)',
      pick((r) => r.ours.systemPercent),
      '%',
    ),
    metric(
      'kernel (system) part of the pollers’ CPU (median)',
      pick((r) => r.peer.systemPercent),
      '%',
    ),
    metric(
      'external memory per session (median)',
      pick((r) => r.ours.externalPerSessionKiB),
      'KiB',
    ),
    metric(
      'external memory per poller (median)',
      pick((r) => r.peer.externalPerSessionKiB),
      'KiB',
    ),
    metric(
      `${n} sessions: KubeconfigSync.start until every first heartbeat (median)`,
      pick((r) => r.ours.readyMs),
      'ms',
    ),
    metric(
      `${n} pollers: until every first poll (median)`,
      pick((r) => r.peer.readyMs),
      'ms',
    ),
    metric(
      'failed client-node polls per round (median)',
      pick((r) => r.peer.failures),
      'polls',
    ),
  ];
  const floorMedian = median(floorCpu);
  notes.push(
    `Target CPU < ${TARGET.cpuPercent} % of one core for ${n} sessions: ${formatNumber(oursCpuMedian)} % attributable → ${verdict(oursCpuMedian, TARGET.cpuPercent)}. The same requests on the same schedule through bare keep-alive \`https.request\` calls (no session, no state, no events) cost ${formatNumber(floorMedian)} %: the floor for one TLS request per heartbeat on this machine.`,
    `Target heap < 150 KB (${formatNumber(TARGET.heapKiB)} KiB) per session: ${formatNumber(oursHeapMedian)} KiB → ${verdict(oursHeapMedian, TARGET.heapKiB)}.`,
  );
  return { rows, ratios, metrics, notes };
}

function latenessMetrics(subject: string, result: LatenessResult, healthy: number): Metric[] {
  const of = (f: (w: LatenessResult['windows'][number]) => number) => median(result.windows.map(f));
  const where = `${subject}, ${healthy} healthy clusters, 1 hung`;
  const windows = `median of ${result.windows.length} windows`;
  return [
    { name: `tick lateness p50, ${where} (${windows})`, value: of((w) => w.p50), unit: 'ms' },
    { name: `tick lateness p99, ${where} (${windows})`, value: of((w) => w.p99), unit: 'ms' },
    {
      name: `tick lateness p99, ${where} (${result.pooled.ticks} ticks pooled)`,
      value: result.pooled.p99,
      unit: 'ms',
    },
    { name: `tick lateness max, ${where}`, value: result.pooled.max, unit: 'ms' },
  ];
}

/**
 * Lateness is reported as metrics, not rows: rows must be positive, and an idle loop gives p50s at
 * or just below zero.
 */
export function latenessReport(ours: LatenessResult, peer: LatenessResult, clusters: number): ReportPart {
  const p99 = (r: LatenessResult) => median(r.windows.map((w) => w.p99));
  const ratio = medianPairedRatio([p99(peer)], [p99(ours)]);
  const ratios: Ratio[] =
    ratio === undefined
      ? []
      : [
          {
            label: `p99 heartbeat tick lateness, 1 hung of ${clusters}`,
            value: ratio,
            detail: `${PEER} ÷ ${OURS}, medians of ${ours.windows.length} windows each; above 1 the sessions tick closer to schedule`,
          },
        ];
  const notes = [
    `Target p99 lateness < ${TARGET.p99LatenessMs} ms with 1 hung of ${clusters}: ${formatNumber(p99(ours))} ms → ${verdict(p99(ours), TARGET.p99LatenessMs)}.`,
  ];
  if (ratio === undefined) notes.push('No lateness ratio: a p99 was at or below zero.');
  return {
    rows: [],
    ratios,
    metrics: [...latenessMetrics(OURS, ours, clusters - 1), ...latenessMetrics(PEER, peer, clusters - 1)],
    notes,
  };
}
