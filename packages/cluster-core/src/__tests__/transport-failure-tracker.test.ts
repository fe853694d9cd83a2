import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../clock';
import { TransportFailureTracker } from '../transport-failure-tracker';

function setup() {
  const clock = new ManualClock(1_000_000);
  const onRebuild = vi.fn();
  const tracker = new TransportFailureTracker({ clock, onRebuild });
  return { clock, onRebuild, tracker };
}

describe('TransportFailureTracker', () => {
  it('triggers exactly one rebuild for 3 failures within 30 s', () => {
    const { clock, onRebuild, tracker } = setup();
    expect(tracker.recordFailure('ECONNRESET')).toBe(false);
    clock.advance(15_000);
    expect(tracker.recordFailure('ECONNRESET')).toBe(false);
    clock.advance(15_000);
    expect(tracker.recordFailure('ETIMEDOUT')).toBe(true);
    expect(onRebuild).toHaveBeenCalledTimes(1);
    expect(onRebuild).toHaveBeenCalledWith({ at: 1_030_000, failures: 3, kind: 'ETIMEDOUT' });
    expect(tracker.rebuildCount).toBe(1);
    expect(tracker.getSnapshot()).toEqual({
      failures: 0,
      lastRebuildAt: 1_030_000,
      cooldownUntil: 1_090_000,
    });
  });

  it('does not trigger for 3 failures spread over 31 s', () => {
    const { clock, onRebuild, tracker } = setup();
    tracker.recordFailure();
    clock.advance(15_500);
    tracker.recordFailure();
    clock.advance(15_500);
    expect(tracker.recordFailure()).toBe(false);
    expect(onRebuild).not.toHaveBeenCalled();
    expect(tracker.getSnapshot().failures).toBe(2);
  });

  it('resets the failure window on success', () => {
    const { onRebuild, tracker } = setup();
    tracker.recordFailure();
    tracker.recordFailure();
    tracker.recordSuccess();
    expect(tracker.recordFailure()).toBe(false);
    expect(tracker.recordFailure()).toBe(false);
    expect(onRebuild).not.toHaveBeenCalled();
    expect(tracker.recordFailure()).toBe(true);
  });

  it('blocks a second rebuild within the 60 s cooldown and allows it afterwards', () => {
    const { clock, onRebuild, tracker } = setup();
    for (let i = 0; i < 3; i++) tracker.recordFailure();
    expect(onRebuild).toHaveBeenCalledTimes(1);

    clock.advance(10_000);
    const during = [
      tracker.recordFailure(),
      tracker.recordFailure(),
      tracker.recordFailure(),
      tracker.recordFailure(),
    ];
    expect(during).toEqual([false, false, false, false]);
    expect(onRebuild).toHaveBeenCalledTimes(1);

    clock.advance(50_000);
    // Cooldown over; the failures from t=10 s have left the window, so three fresh ones are needed.
    expect([tracker.recordFailure(), tracker.recordFailure(), tracker.recordFailure()]).toEqual([
      false,
      false,
      true,
    ]);
    expect(onRebuild).toHaveBeenCalledTimes(2);
    expect(tracker.getSnapshot()).toMatchObject({ lastRebuildAt: 1_060_000, cooldownUntil: 1_120_000 });
  });

  it('rebuilds at the end of the cooldown when failures kept coming within the window', () => {
    const { clock, onRebuild, tracker } = setup();
    for (let i = 0; i < 3; i++) tracker.recordFailure();
    clock.advance(45_000);
    tracker.recordFailure();
    tracker.recordFailure();
    clock.advance(15_000);
    expect(tracker.recordFailure()).toBe(true);
    expect(onRebuild).toHaveBeenCalledTimes(2);
  });

  it('keeps two trackers independent', () => {
    const clock = new ManualClock();
    const rebuildA = vi.fn();
    const rebuildB = vi.fn();
    const a = new TransportFailureTracker({ clock, onRebuild: rebuildA });
    const b = new TransportFailureTracker({ clock, onRebuild: rebuildB });
    for (let i = 0; i < 3; i++) a.recordFailure();
    expect(rebuildA).toHaveBeenCalledTimes(1);
    expect(b.getSnapshot()).toEqual({ failures: 0, lastRebuildAt: null, cooldownUntil: null });

    // A's cooldown must not hold back B's first rebuild.
    b.recordFailure();
    b.recordFailure();
    expect(b.recordFailure()).toBe(true);
    expect(rebuildB).toHaveBeenCalledTimes(1);
    expect(rebuildA).toHaveBeenCalledTimes(1);
  });

  it('honours custom threshold, window and cooldown', () => {
    const clock = new ManualClock();
    const onRebuild = vi.fn();
    const tracker = new TransportFailureTracker({
      clock,
      onRebuild,
      threshold: 2,
      windowMs: 1_000,
      cooldownMs: 5_000,
    });
    tracker.recordFailure();
    clock.advance(1_001);
    expect(tracker.recordFailure()).toBe(false);
    expect(tracker.recordFailure()).toBe(true);
    clock.advance(4_999);
    tracker.recordFailure();
    expect(tracker.recordFailure()).toBe(false);
    clock.advance(1);
    expect(tracker.recordFailure()).toBe(true);
    expect(onRebuild).toHaveBeenCalledTimes(2);
  });

  it('returns the same snapshot object until something observable changes', () => {
    const { clock, tracker } = setup();
    const first = tracker.getSnapshot();
    expect(tracker.getSnapshot()).toBe(first);
    tracker.recordFailure();
    const second = tracker.getSnapshot();
    expect(second).not.toBe(first);
    expect(second.failures).toBe(1);
    expect(tracker.getSnapshot()).toBe(second);
    clock.advance(30_001);
    expect(tracker.getSnapshot().failures).toBe(0);
  });

  it('records the rebuild before calling onRebuild, so a throwing callback cannot cause a second one', () => {
    const clock = new ManualClock();
    const onRebuild = vi.fn(() => {
      throw new Error('rebuild failed');
    });
    const tracker = new TransportFailureTracker({ clock, onRebuild });
    tracker.recordFailure();
    tracker.recordFailure();
    expect(() => tracker.recordFailure()).toThrow('rebuild failed');
    for (let i = 0; i < 3; i++) tracker.recordFailure();
    expect(onRebuild).toHaveBeenCalledTimes(1);
    expect(tracker.getSnapshot().lastRebuildAt).toBe(0);
  });

  it('ignores everything after dispose()', () => {
    const { onRebuild, tracker } = setup();
    tracker.recordFailure();
    tracker.recordFailure();
    tracker.dispose();
    expect(tracker.recordFailure()).toBe(false);
    expect(onRebuild).not.toHaveBeenCalled();
    expect(tracker.getSnapshot().failures).toBe(0);
  });
});
