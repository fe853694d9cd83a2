import { formatNumber } from '../../lib/format';
import { medianPairedRatio, valueRow } from '../../lib/rows';
import type { Metric, Ratio, ResultRow } from '../../lib/scenario';
import { median } from '../../lib/stats';
import type { AuthSample, HangSample } from './tracks';

export const OURS = 'ClusterManager session';
export const PEER = 'client-node poller with deadline';

export interface DetectionSettings {
  intervalMs: number;
  timeoutMs: number;
  jitter: number;
  /** The heartbeat's due-time grid; a gap moves by up to half of it. */
  alignMs: number;
}

export interface SideFigures {
  /** Failed polls of the hung cluster by the poller without a deadline, over all rounds. */
  naiveHungFailures: number;
  /** Its longest poll of the hung cluster: held until the heal. */
  naiveLongestPollMs: number;
  /** Health or auth events of the cluster no fault was injected into. */
  bystanderEvents: number;
}

const seconds = (ms: number) => `${formatNumber(ms / 1000)} s`;
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

function compared(measure: string, ours: number[], peer: number[]): { rows: ResultRow[]; ratio?: Ratio } {
  const rows = [valueRow(measure, OURS, 'ms', ours), valueRow(measure, PEER, 'ms', peer)];
  const value = medianPairedRatio(peer, ours);
  if (value === undefined) return { rows };
  const detail = `${PEER} ÷ ${OURS}, median of ${ours.length} per-round ratios; above 1 the session notices sooner`;
  return { rows, ratio: { label: measure, value, detail } };
}

/** Rows, ratios, relative figures and target checks of the detection rounds. */
export function detectionReport(
  hang: readonly HangSample[],
  auth: readonly AuthSample[],
  s: DetectionSettings,
  side: SideFigures,
) {
  const beat = `heartbeat ${seconds(s.intervalMs)}, timeout ${seconds(s.timeoutMs)}`;
  const parts = [
    compared(
      `hung → cluster:health:degraded (${beat})`,
      hang.map((x) => x.degradedMs),
      hang.map((x) => x.peerFailMs),
    ),
    compared(
      `healed → cluster:health:healthy (${beat})`,
      hang.map((x) => x.healthyMs),
      hang.map((x) => x.peerOkMs),
    ),
    compared(
      'token revoked + 1 request → cluster:auth:failed',
      auth.map((x) => x.failedMs),
      auth.map((x) => x.peerFailMs),
    ),
    compared(
      'token restored → cluster:auth:recovered',
      auth.map((x) => x.recoveredMs),
      auth.map((x) => x.peerOkMs),
    ),
  ];
  const bound = s.intervalMs + s.timeoutMs;
  const degradedShare = hang.map((x) => x.degradedMs / bound);
  const healthyShare = hang.map((x) => x.healthyMs / s.intervalMs);
  const recoveredShare = auth.map((x) => x.recoveredMs / x.probeIntervalMs);
  const metrics: Metric[] = [
    { name: 'degraded after × (interval + timeout), median', value: median(degradedShare), unit: '×' },
    {
      name: 'degraded after × (interval + timeout), worst run',
      value: Math.max(...degradedShare),
      unit: '×',
    },
    { name: 'healthy after × interval, median', value: median(healthyShare), unit: '×' },
    { name: 'healthy after × interval, worst run', value: Math.max(...healthyShare), unit: '×' },
    {
      name: 'auth recovered after × probe interval running at restore, median',
      value: median(recoveredShare),
      unit: '×',
    },
    {
      name: 'auth recovered after × probe interval, worst run',
      value: Math.max(...recoveredShare),
      unit: '×',
    },
    {
      name: 'auth probe interval running at restore (median)',
      value: median(auth.map((x) => x.probeIntervalMs)),
      unit: 'ms',
    },
    {
      name: 'poller without deadline: failed polls of the hung cluster, all rounds',
      value: side.naiveHungFailures,
      unit: 'polls',
    },
    {
      name: 'poller without deadline: longest poll of the hung cluster',
      value: side.naiveLongestPollMs,
      unit: 'ms',
    },
    { name: 'health or auth events of the bystander cluster', value: side.bystanderEvents, unit: 'events' },
  ];
  const worstDegraded = Math.max(...hang.map((x) => x.degradedMs));
  const worstHealthy = Math.max(...hang.map((x) => x.healthyMs));
  const jitterBound = s.intervalMs * (1 + s.jitter);
  const grid = Math.min(s.alignMs, (s.intervalMs * s.jitter) / 2);
  const longestGap = jitterBound + grid / 2;
  const notes = [
    `Target hung → degraded within interval + timeout (${seconds(bound)}): worst ${seconds(worstDegraded)} (${formatNumber(worstDegraded / bound)}×) → ${verdict(worstDegraded <= bound)}. With ±${s.jitter * 100} % jitter${grid > 0 ? ` and the ${formatNumber(grid)} ms grid` : ''} a gap may last ${seconds(longestGap)}, so up to ${formatNumber((longestGap + s.timeoutMs) / bound)}× is by design.`,
    `Target revoked token → cluster:auth:failed on the next request: the event came before that request settled in ${auth.filter((x) => x.onTheRequest).length} of ${auth.length} runs → ${verdict(auth.every((x) => x.onTheRequest))}.`,
    `Target healed → healthy within one probe interval (${seconds(s.intervalMs)}): worst ${seconds(worstHealthy)} → ${verdict(worstHealthy <= s.intervalMs)}; jitter allows up to ${seconds(jitterBound)}.`,
    `Target token restored → recovered within one probe interval: worst ${formatNumber(Math.max(...recoveredShare))}× the auth probe interval running at the time → ${verdict(recoveredShare.every((x) => x <= 1))}.`,
  ];
  return {
    rows: parts.flatMap((p) => p.rows),
    ratios: parts.flatMap((p) => (p.ratio ? [p.ratio] : [])),
    metrics,
    notes,
  };
}
