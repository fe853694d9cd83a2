import { describe, expect, it } from 'vitest';
import { runInterleaved } from '../lib/interleave';
import { runRounds } from '../lib/rounds';
import { BEGIN_MARKER, END_MARKER, renderMarkdown } from '../lib/report/markdown';
import { pairedSpeedRatio, valueRow } from '../lib/rows';
import { mean, median, p95, percentile } from '../lib/stats';
import { resultProblems } from '../lib/validate';

describe('stats', () => {
  it('interpolates between closest ranks', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(percentile([10, 20], 95)).toBeCloseTo(19.5);
    expect(p95([5])).toBe(5);
    expect(mean([1, 2, 3, 6])).toBe(3);
  });

  it('refuses empty samples', () => {
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('runInterleaved', () => {
  it('alternates subjects round by round and discards warm-up rounds', async () => {
    const calls: string[] = [];
    const subject = (name: string) => ({ name, run: async () => void calls.push(name) });
    const result = await runInterleaved({ warmup: 1, runs: 3, subjects: [subject('A'), subject('B')] });

    expect(calls).toEqual(['A', 'B', 'A', 'B', 'A', 'B', 'A', 'B']);
    expect(result.map((r) => r.name)).toEqual(['A', 'B']);
    expect(result.map((r) => r.samples.length)).toEqual([3, 3]);
  });

  it('rejects duplicate subject names', async () => {
    const run = async () => undefined;
    await expect(
      runInterleaved({
        warmup: 0,
        runs: 1,
        subjects: [
          { name: 'A', run },
          { name: 'A', run },
        ],
      }),
    ).rejects.toThrow(/unique/);
  });
});

describe('runRounds', () => {
  it('keeps each subject’s own samples by round, reversing the order every other round when asked', async () => {
    const calls: string[] = [];
    let tick = 0;
    const subject = (name: string) => ({
      name,
      run: async () => {
        calls.push(name);
        return `${name}${tick++}`;
      },
    });
    const result = await runRounds({
      warmup: 1,
      runs: 2,
      order: 'alternate',
      subjects: [subject('A'), subject('B'), subject('C')],
    });

    expect(calls).toEqual(['A', 'B', 'C', 'C', 'B', 'A', 'A', 'B', 'C']);
    expect(result).toEqual([
      { name: 'A', samples: ['A5', 'A6'] },
      { name: 'B', samples: ['B4', 'B7'] },
      { name: 'C', samples: ['C3', 'C8'] },
    ]);
  });
});

describe('pairedSpeedRatio', () => {
  it('pairs samples of the same round', () => {
    const ours = valueRow('m', 'ours', 'ms', [20, 40, 10]);
    const peer = valueRow('m', 'peer', 'ms', [10, 10, 10]);
    expect(pairedSpeedRatio('m', ours, peer).value).toBe(0.5);
  });
});

describe('resultProblems', () => {
  it('names what is wrong', () => {
    expect(resultProblems({ rows: [] })).toEqual(
      expect.arrayContaining(['rows is empty', 'machine is missing']),
    );
  });
});

describe('renderMarkdown', () => {
  it('keeps the prose outside the markers and refuses a page without them', () => {
    const page = `intro\n${BEGIN_MARKER}\nold numbers\n${END_MARKER}\noutro\n`;
    const rendered = renderMarkdown(page, [], (s) => `bench/${s}.svg`);
    expect(rendered.startsWith('intro\n')).toBe(true);
    expect(rendered.endsWith(`${END_MARKER}\noutro\n`)).toBe(true);
    expect(rendered).not.toContain('old numbers');
    expect(() => renderMarkdown('no markers', [], (s) => s)).toThrow(/markers/);
  });
});
