import { ManualClock } from '@flotilla/cluster-core';
import { describe, expect, it } from 'vitest';
import { startProgress } from '../output/progress';

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, isTTY, columns: 80, write: (text: string) => (chunks.push(text), true) };
}

/** Resolves once `predicate` holds (the bar library loads asynchronously), failing after 10 s. */
async function until(predicate: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!predicate() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(predicate()).toBe(true);
}

describe('progress on stderr', () => {
  it('draws nothing when stderr is not a terminal', async () => {
    const clock = new ManualClock();
    const out = stream(false);
    const progress = startProgress({ stream: out, total: 5, label: 'get', clock });
    clock.advance(10_000);
    progress.tick(3, 5);
    progress.stop();
    expect(out.chunks).toEqual([]);
  });

  it('draws nothing for an operation that ends within the delay', () => {
    const clock = new ManualClock();
    const out = stream(true);
    const progress = startProgress({ stream: out, total: 5, label: 'get', clock, delayMs: 300 });
    clock.advance(299);
    progress.tick(5, 5);
    progress.stop();
    clock.advance(1_000);
    expect(out.chunks).toEqual([]);
  });

  it('draws a bar for a slow operation on a terminal and clears it when stopped', async () => {
    const clock = new ManualClock();
    const out = stream(true);
    const progress = startProgress({ stream: out, total: 4, label: 'probing', clock, delayMs: 300 });
    progress.tick(1, 4);
    clock.advance(300);
    await until(() => out.chunks.some((chunk) => chunk.includes('probing')));
    expect(out.chunks.join('')).toContain('1/4 clusters');
    progress.tick(3, 4);
    progress.stop();
    const drawn = out.chunks.length;
    progress.tick(4, 4);
    expect(out.chunks.length).toBe(drawn);
  });
});
