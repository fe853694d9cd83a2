import { describe, expect, it } from 'vitest';
import { createColors } from '../output/colors';
import { renderTable } from '../output/table';
import { visibleWidth } from '../output/text-width';

describe('kubectl-style tables', () => {
  it('aligns columns three spaces apart, measuring without colour codes, with no trailing blanks', () => {
    const colors = createColors(true);
    const text = renderTable(
      ['CLUSTER', 'NAME', 'STATUS'],
      [
        ['sim-1', 'web-1', colors.green('Running')],
        ['prod-eu-west', 'a', colors.red('CrashLoopBackOff')],
      ],
    );
    const plain = text.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');
    expect(plain).toBe(
      [
        'CLUSTER        NAME    STATUS',
        'sim-1          web-1   Running',
        'prod-eu-west   a       CrashLoopBackOff',
        '',
      ].join('\n'),
    );
    expect(text).toContain('\u001b[32mRunning\u001b[39m');
  });

  it('counts characters, not bytes or UTF-16 units', () => {
    expect(visibleWidth('\u001b[31mé🚀x\u001b[39m')).toBe(3);
    expect(renderTable(['A', 'B'], [['🚀', 'x']])).toBe('A   B\n🚀   x\n');
  });
});
