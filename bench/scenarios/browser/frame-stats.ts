import { median, percentile } from '../../lib/stats';

/** 60 Hz, assumed when a run recorded no idle frames to learn the display's interval from. */
const DEFAULT_INTERVAL_MS = 1000 / 60;

export interface FrameStats {
  frames: number;
  p95: number;
  p99: number;
  max: number;
  /** Vsync slots that passed without a frame, as a share of all slots (0..1). */
  droppedShare: number;
}

/** The display's frame interval: the median gap of an idle page. */
export function frameInterval(idleGapsMs: readonly number[]): number {
  return idleGapsMs.length > 0 ? median(idleGapsMs) : DEFAULT_INTERVAL_MS;
}

/**
 * Summary of frame gaps. A gap of about n intervals means n − 1 frames were dropped; rounding to
 * the nearest interval keeps timer jitter (a 19 ms gap at 60 Hz) from counting as a drop, so a gap
 * counts once it reaches 1.5 intervals.
 */
export function frameStats(gapsMs: readonly number[], intervalMs: number): FrameStats {
  if (gapsMs.length === 0) throw new RangeError('no frames were recorded');
  if (!(intervalMs > 0)) throw new RangeError(`frame interval must be positive, got ${intervalMs}`);
  const dropped = gapsMs.reduce((sum, gap) => sum + Math.max(0, Math.round(gap / intervalMs) - 1), 0);
  return {
    frames: gapsMs.length,
    p95: percentile(gapsMs, 95),
    p99: percentile(gapsMs, 99),
    max: Math.max(...gapsMs),
    droppedShare: dropped / (gapsMs.length + dropped),
  };
}
