import { loadavg } from 'node:os';
import type { Metric } from './scenario';

/**
 * The machine's 1-minute load average as metrics: other processes sharing the cores slow every
 * subject of a round alike, but a reader comparing runs needs to know how busy the machine was.
 */
export function loadMetrics(at: 'start' | 'end'): Metric[] {
  return [{ name: `1-minute load average at the ${at} of the run`, value: loadavg()[0] ?? 0, unit: 'load' }];
}
