import { describe, expect, it } from 'vitest';
import { frameInterval, frameStats } from '../scenarios/browser/frame-stats';

describe('browser frame statistics', () => {
  it('takes the display interval from the idle page, 60 Hz when nothing was recorded', () => {
    expect(frameInterval([16.6, 16.7, 16.8, 40])).toBeCloseTo(16.75);
    expect(frameInterval([])).toBeCloseTo(1000 / 60);
  });

  it('counts a gap of n intervals as n − 1 dropped frames, jitter below 1.5 intervals as none', () => {
    const interval = 16.7;
    const stats = frameStats([16.7, 19, 14, 33.4, 50.1, 24], interval);
    // 33.4 drops one frame, 50.1 two; 19, 14 and 24 (1.44 intervals) are on time.
    expect(stats.droppedShare).toBeCloseTo(3 / (6 + 3));
    expect(stats.frames).toBe(6);
    expect(stats.max).toBe(50.1);
  });

  it('reports p95 and p99 of the gaps', () => {
    const gaps = [...Array.from({ length: 98 }, () => 16.7), 100, 200];
    const stats = frameStats(gaps, 16.7);
    expect(stats.p95).toBeCloseTo(16.7);
    expect(stats.p99).toBeGreaterThan(100);
    expect(stats.p99).toBeLessThan(200);
  });

  it('refuses a run without frames or without an interval', () => {
    expect(() => frameStats([], 16.7)).toThrow(RangeError);
    expect(() => frameStats([16.7], 0)).toThrow(RangeError);
  });
});
