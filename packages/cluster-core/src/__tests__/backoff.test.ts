import { describe, expect, it } from 'vitest';
import { Backoff } from '../backoff';
import { ManualClock } from '../clock';

const fixed = (value: number) => () => value;

describe('Backoff', () => {
  it('doubles from 800 ms and caps at 30 s with no jitter contribution', () => {
    const backoff = new Backoff({ clock: new ManualClock(), random: fixed(0) });
    const delays = Array.from({ length: 9 }, () => backoff.next());
    expect(delays).toEqual([800, 1_600, 3_200, 6_400, 12_800, 25_600, 30_000, 30_000, 30_000]);
    expect(backoff.attempt).toBe(9);
  });

  it('adds up to +100% jitter on top of the capped delay, like client-go', () => {
    const backoff = new Backoff({ clock: new ManualClock(), random: fixed(0.5) });
    expect(backoff.next()).toBe(1_200);
    expect(backoff.next()).toBe(2_400);
    const capped = new Backoff({ clock: new ManualClock(), random: fixed(0.999), initialMs: 30_000 });
    expect(capped.next()).toBe(59_970);
  });

  it('stays capped after many failures instead of overflowing', () => {
    const backoff = new Backoff({ clock: new ManualClock(), random: fixed(0) });
    for (let i = 0; i < 2_000; i++) backoff.next();
    expect(backoff.next()).toBe(30_000);
  });

  it('starts over when the next failure comes after a healthy period of 2 min', () => {
    const clock = new ManualClock();
    const backoff = new Backoff({ clock, random: fixed(0) });
    backoff.next();
    backoff.next();
    clock.advance(60_000);
    expect(backoff.next()).toBe(3_200);
    clock.advance(119_999);
    expect(backoff.next()).toBe(6_400);
    clock.advance(120_000);
    expect(backoff.next()).toBe(800);
    expect(backoff.attempt).toBe(1);
  });

  it('reset() starts the sequence over', () => {
    const backoff = new Backoff({ clock: new ManualClock(), random: fixed(0) });
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.attempt).toBe(0);
    expect(backoff.next()).toBe(800);
  });

  it('honours injected options', () => {
    const backoff = new Backoff({
      clock: new ManualClock(),
      random: fixed(1),
      initialMs: 100,
      factor: 3,
      maxMs: 1_000,
      jitter: 0.5,
    });
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([150, 450, 1_350]);
  });

  it('rejects nonsensical options', () => {
    expect(() => new Backoff({ factor: 0.5 })).toThrow(RangeError);
    expect(() => new Backoff({ initialMs: 10, maxMs: 5 })).toThrow(RangeError);
    expect(() => new Backoff({ jitter: -1 })).toThrow(RangeError);
  });

  it('keeps separate instances independent', () => {
    const clock = new ManualClock();
    const a = new Backoff({ clock, random: fixed(0) });
    const b = new Backoff({ clock, random: fixed(0) });
    a.next();
    a.next();
    a.next();
    expect(b.next()).toBe(800);
    expect(a.attempt).toBe(3);
  });
});
