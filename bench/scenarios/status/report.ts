import { formatNumber, formatRatio } from '../../lib/format';
import { pairedSpeedRatio, valueRow } from '../../lib/rows';
import type { Metric, Ratio, ResultRow, ScenarioResult } from '../../lib/scenario';
import { median } from '../../lib/stats';

export const TARGET = 5;
export const OURS = 'flotilla status (installed bundle, cold process)';
export const PEER = 'kubectl version -o json per context, all in parallel';
export const HELP = 'flotilla --help';
export const NODE = 'node -e 0';

export interface StatusMeasurements {
  clusters: number;
  /** Null when no kubectl was found to compare with. */
  kubectl: string | null;
  /** Wall ms per measured round, by subject name. */
  wall: ReadonlyMap<string, readonly number[]>;
  /** Child CPU ms per measured round (user + system), empty where unreadable. */
  cpu: { ours: readonly number[]; peer: readonly number[] };
  firstRunMs: number;
  bundleBytes: number;
  smoke: boolean;
}

function compared(measure: string, ours: readonly number[], peer: readonly number[], what: string) {
  const ourRow = valueRow(measure, OURS, 'ms', ours);
  const peerRow = valueRow(measure, PEER, 'ms', peer);
  const ratio: Ratio = {
    ...pairedSpeedRatio(measure, ourRow, peerRow),
    detail: `${what}${PEER} ÷ ${what}${OURS}, median of ${ours.length} per-round ratios`,
  };
  return { rows: [ourRow, peerRow], ratio };
}

/** Rows, ratios, figures and notes of the status scenario. */
export function statusReport(m: StatusMeasurements): Omit<ScenarioResult, 'parameters'> {
  const wall = (name: string) => m.wall.get(name) ?? [];
  const measure = `status of ${m.clusters} clusters, cold process`;
  const startMeasure = 'process start, no cluster contacted';
  const rows: ResultRow[] = [];
  const ratios: Ratio[] = [];
  let verdict = `No kubectl on PATH: nothing to compare with (target ${TARGET}× faster than kubectl).`;
  if (m.kubectl !== null) {
    const time = compared(measure, wall(OURS), wall(PEER), '');
    rows.push(...time.rows);
    ratios.push(time.ratio);
    verdict = `Target ${TARGET}× faster than kubectl: ${formatRatio(time.ratio.value)} → ${time.ratio.value >= TARGET ? 'met' : 'MISSED'}.`;
  } else {
    rows.push(valueRow(measure, OURS, 'ms', wall(OURS)));
  }
  rows.push(valueRow(startMeasure, HELP, 'ms', wall(HELP)), valueRow(startMeasure, NODE, 'ms', wall(NODE)));
  const cpuReadable =
    m.kubectl !== null &&
    m.cpu.ours.length === wall(OURS).length &&
    m.cpu.peer.length === wall(PEER).length &&
    [...m.cpu.ours, ...m.cpu.peer].every((ms) => ms > 0);
  if (cpuReadable) {
    const cpu = compared(
      `CPU time (user + system) of the status of ${m.clusters} clusters`,
      m.cpu.ours,
      m.cpu.peer,
      'CPU of ',
    );
    rows.push(...cpu.rows);
    ratios.push(cpu.ratio);
  }
  const metrics: Metric[] = [
    { name: 'installed CLI bundle (dist/)', value: m.bundleBytes / 1024, unit: 'KiB' },
    { name: 'first status after installing (no compiled-code cache yet)', value: m.firstRunMs, unit: 'ms' },
    {
      name: `status time per cluster (median ÷ ${m.clusters})`,
      value: median(wall(OURS)) / m.clusters,
      unit: 'ms',
    },
  ];
  return {
    rows,
    ratios,
    metrics,
    notes: [
      verdict,
      `Each round runs the subjects back to back (warm-ups discarded); times are spawn to exit. The CLI keeps V8's compiled code of its bundle between runs (bin/run-bundle.mjs); its first run after installing, which writes that cache, is listed apart. ${OURS} makes four requests per cluster (/readyz, /version, the node list, the OpenShift ClusterVersion), in a row over one connection; kubectl's dispatcher reads /version and then runs the matching kubectl.1.<minor>, which reads it again.`,
      'CPU rows add up user and system time of every process a run started (kubectl: the dispatcher and the kubectl it runs), whichever core it ran on (Linux /proc, 10 ms resolution). The CLI is one process on one thread, so on a busy machine its wall time follows its own CPU time, while the kubectl processes spread over every core.',
      `"process start" rows show the floor: Node itself, and the CLI bundle loading without cluster-core's work (${formatNumber(median(wall(HELP)))} ms median).`,
      m.smoke
        ? 'Smoke size: two clusters and two rounds only prove the scenario runs; only full-size results say anything about speed.'
        : 'Other engineers share this machine (2 cores); interleaving makes load drift hit both subjects alike, but single rounds vary.',
    ],
  };
}
