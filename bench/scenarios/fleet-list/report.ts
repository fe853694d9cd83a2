import { formatRatio } from '../../lib/format';
import { medianPairedRatio, timedRow, valueRow } from '../../lib/rows';
import type { Metric, Ratio, ResultRow } from '../../lib/scenario';
import { median } from '../../lib/stats';
import { CLIENT_NODE } from './client-node-tool';
import { FLOTILLA_CLI } from './cli-tool';
import { FLOTILLA_COLD, FLOTILLA_WARM } from './flotilla-tool';
import { KUBECTL } from './kubectl-tool';
import type { ListSample } from './measure';
import { PLAIN_HTTPS } from './plain-https-tool';

export const TARGETS = { ofReference: 1.3, overKubectl: 10, overClientNode: 1 } as const;

/** Subjects that run in this process, whose CPU here is theirs. */
const IN_PROCESS = new Set([FLOTILLA_WARM, FLOTILLA_COLD, CLIENT_NODE, PLAIN_HTTPS]);
const FLOTILLA = [FLOTILLA_WARM, FLOTILLA_COLD, FLOTILLA_CLI];

export interface ListReport {
  rows: ResultRow[];
  ratios: Ratio[];
  metrics: Metric[];
  notes: string[];
}

function verdict(met: boolean): string {
  return met ? 'met' : 'NOT met';
}

export function listReport(
  results: ReadonlyArray<{ name: string; samples: ListSample[] }>,
  size: { clusters: number; podsPerCluster: number },
): ListReport {
  const samples = new Map(results.map((r) => [r.name, r.samples]));
  const ms = (subject: string) => (samples.get(subject) ?? []).map((s) => s.ms);
  const pods = size.clusters * size.podsPerCluster;
  const measure = `pods -A over ${size.clusters} clusters × ${size.podsPerCluster.toLocaleString('en-US')} pods`;
  const rows = results.map((r) => timedRow(measure, r.name, ms(r.name), pods, 'pods/s'));
  const fleetCpu = `CPU of the fleet process answering one run`;
  rows.push(
    ...results.map((r) =>
      valueRow(
        fleetCpu,
        r.name,
        'ms',
        r.samples.map((s) => s.fleetCpuMs),
      ),
    ),
  );
  const clientCpu = `CPU of this process per run (in-process clients only)`;
  rows.push(
    ...results
      .filter((r) => IN_PROCESS.has(r.name))
      .map((r) =>
        valueRow(
          clientCpu,
          r.name,
          'ms',
          r.samples.map((s) => Math.max(s.clientCpuMs, 0.001)),
        ),
      ),
  );

  const ratios: Ratio[] = [];
  const notes: string[] = [];
  const pair = (label: string, numerator: string, denominator: string, detail: string) => {
    const value = medianPairedRatio(ms(numerator), ms(denominator));
    if (value === undefined) return undefined;
    ratios.push({ label, value, detail });
    return value;
  };
  const rounds = ms(FLOTILLA_WARM).length;
  const per = `median of ${rounds} per-round ratios`;
  pair(
    measure,
    KUBECTL,
    FLOTILLA_WARM,
    `${KUBECTL} time ÷ ${FLOTILLA_WARM} time, ${per}; above 1 Flotilla is faster`,
  );
  for (const subject of FLOTILLA) {
    const ofReference = pair(
      `${subject} ÷ slowest single-cluster list`,
      subject,
      PLAIN_HTTPS,
      `${subject} time ÷ ${PLAIN_HTTPS} time, ${per}; target ≤ ${TARGETS.ofReference}`,
    );
    const overKubectl =
      subject === FLOTILLA_WARM
        ? medianPairedRatio(ms(KUBECTL), ms(subject))
        : pair(
            `${KUBECTL} ÷ ${subject}`,
            KUBECTL,
            subject,
            `${KUBECTL} time ÷ ${subject} time, ${per}; target ≥ ${TARGETS.overKubectl}`,
          );
    const overClientNode = pair(
      `${CLIENT_NODE} ÷ ${subject}`,
      CLIENT_NODE,
      subject,
      `${CLIENT_NODE} time ÷ ${subject} time, ${per}; target > ${TARGETS.overClientNode}`,
    );
    const part = (value: number | undefined, met: (v: number) => boolean) =>
      value === undefined ? 'no ratio' : `${formatRatio(value)} → ${verdict(met(value))}`;
    notes.push(
      `Targets for ${subject}: ≤ ${TARGETS.ofReference}× the slowest single-cluster list: ${part(ofReference, (v) => v <= TARGETS.ofReference)}; ` +
        `≥ ${TARGETS.overKubectl}× faster than ${KUBECTL}: ${part(overKubectl, (v) => v >= TARGETS.overKubectl)}; ` +
        `faster than ${CLIENT_NODE}: ${part(overClientNode, (v) => v > TARGETS.overClientNode)}.`,
    );
  }
  const metrics: Metric[] = results.map((r) => ({
    name: `${r.name}: fleet process CPU per listed pod (median)`,
    value: (median(r.samples.map((s) => s.fleetCpuMs)) * 1000) / pods,
    unit: 'µs',
  }));
  return { rows, ratios, metrics, notes };
}
