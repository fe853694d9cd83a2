import { formatNumber, formatRatio } from '../../lib/format';
import { medianPairedRatio, timedRow } from '../../lib/rows';
import type { Metric, Ratio, ResultRow } from '../../lib/scenario';
import { brokenClusters, type FaultPlan } from './fault-plan';
import type { HealthySample, Observation } from './measure';

export const FAULTY_TARGET = 1.2;

export const noFaults = (tool: string) => `${tool}, no faults`;
export const withFaults = (tool: string) => `${tool}, 3 broken`;

export interface FaultReport {
  rows: ResultRow[];
  ratios: Ratio[];
  metrics: Metric[];
  notes: string[];
}

type Samples = ReadonlyMap<string, readonly HealthySample[]>;

/** Rows and ratios of the timed rounds; `flotilla` names the tool the target applies to. */
export function timedReport(
  tools: readonly string[],
  samples: Samples,
  plan: FaultPlan,
  podsPerCluster: number,
  flotilla: string,
): FaultReport {
  const ms = (subject: string) => (samples.get(subject) ?? []).map((s) => s.ms);
  const measure = `until the ${plan.healthy.length} healthy clusters' pods are in hand (${plan.healthy.length + 3} clusters × ${podsPerCluster.toLocaleString('en-US')} pods)`;
  const pods = plan.healthy.length * podsPerCluster;
  const rows = tools.flatMap((tool) => [
    timedRow(measure, withFaults(tool), ms(withFaults(tool)), pods, 'pods/s'),
    timedRow(measure, noFaults(tool), ms(noFaults(tool)), pods, 'pods/s'),
  ]);
  const ratios: Ratio[] = [];
  const notes: string[] = [];
  const metrics: Metric[] = [];
  const rounds = ms(withFaults(flotilla)).length;
  for (const tool of tools) {
    const value = medianPairedRatio(ms(withFaults(tool)), ms(noFaults(tool)));
    if (value !== undefined)
      ratios.push({
        label: `${tool}: 3 broken ÷ no faults`,
        value,
        detail: `time with 3 broken clusters ÷ time without faults, same round, median of ${rounds}; 1 means the broken clusters cost the healthy ones nothing${tool === flotilla ? `; target ≤ ${FAULTY_TARGET}` : ''}`,
      });
    if (tool === flotilla)
      notes.push(
        `Target: ${flotilla} has the healthy clusters' results within ≤ ${FAULTY_TARGET}× the no-fault time: ${value === undefined ? 'no ratio' : `${formatRatio(value)} → ${value <= FAULTY_TARGET ? 'met' : 'NOT met'}`}.`,
      );
    else {
      const versus = medianPairedRatio(ms(withFaults(tool)), ms(withFaults(flotilla)));
      if (versus !== undefined)
        ratios.push({
          label: `${withFaults(tool)} ÷ ${withFaults(flotilla)}`,
          value: versus,
          detail: `time until the healthy clusters answered, same round, median of ${rounds}; above 1 Flotilla has them sooner`,
        });
    }
    for (const subject of [withFaults(tool), noFaults(tool)]) {
      const list = samples.get(subject) ?? [];
      metrics.push(
        {
          name: `${subject}: runs that hit the bound`,
          value: list.filter((s) => s.boundHit).length,
          unit: 'runs',
        },
        {
          name: `${subject}: healthy clusters failed or missing, all runs`,
          value: list.reduce((sum, s) => sum + s.healthyFailures, 0),
          unit: 'clusters',
        },
      );
    }
  }
  return { rows, ratios, metrics, notes };
}

const seconds = (ms: number) => `${formatNumber(ms / 1000)} s`;

/** What each tool reported for each broken cluster in the observed run, and when. */
export function observationReport(observations: readonly Observation[], plan: FaultPlan): FaultReport {
  const metrics: Metric[] = [];
  const notes: string[] = [];
  for (const observation of observations) {
    const bound = seconds(observation.boundMs);
    const parts = brokenClusters(plan).map(({ cluster, label }) => {
      const outcome = observation.outcomes.find((o) => o.cluster === cluster);
      metrics.push({
        name: `${observation.tool}: ${label} cluster settled after${outcome ? '' : ` (still pending at the ${bound} bound)`}`,
        value: outcome?.settledMs ?? observation.boundMs,
        unit: 'ms',
      });
      if (!outcome) return `${cluster}, ${label}: nothing within ${bound} (bound hit)`;
      const said = outcome.ok ? 'success?!' : `“${outcome.error ?? 'failed'}”`;
      return `${cluster}, ${label}: ${said} after ${seconds(outcome.settledMs)}`;
    });
    const whole =
      observation.allMs === undefined
        ? `its whole answer was not complete within ${bound} (bound hit)`
        : `its whole answer was complete after ${seconds(observation.allMs)}`;
    const healthy =
      observation.healthyMs === undefined
        ? 'not all healthy clusters answered'
        : `healthy clusters in after ${seconds(observation.healthyMs)}`;
    notes.push(
      `${observation.tool} (one observed run, output read): ${parts.join('; ')}. ${healthy}; ${whole}.`,
    );
    metrics.push({
      name: `${observation.tool}: whole answer complete after${observation.allMs === undefined ? ` (bound hit)` : ''}`,
      value: observation.allMs ?? observation.boundMs,
      unit: 'ms',
    });
  }
  return { rows: [], ratios: [], metrics, notes };
}
