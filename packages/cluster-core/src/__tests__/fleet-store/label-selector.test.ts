import { describe, expect, it } from 'vitest';
import {
  formatLabelSelector,
  LabelSelectorError,
  matchesLabelSelector,
  parseLabelSelector,
} from '../../fleet-store/label-selector';

const matches = (selector: string, labels?: Record<string, string>) =>
  matchesLabelSelector(labels, parseLabelSelector(selector));

describe('label selectors (kubectl -l syntax)', () => {
  it('parses every operator', () => {
    expect(parseLabelSelector('a=1, b==2,c!=3,d in (x, y),e notin (z),f,!g')).toEqual([
      { key: 'a', operator: 'equals', values: ['1'] },
      { key: 'b', operator: 'equals', values: ['2'] },
      { key: 'c', operator: 'notEquals', values: ['3'] },
      { key: 'd', operator: 'in', values: ['x', 'y'] },
      { key: 'e', operator: 'notIn', values: ['z'] },
      { key: 'f', operator: 'exists', values: [] },
      { key: 'g', operator: 'doesNotExist', values: [] },
    ]);
    expect(parseLabelSelector('')).toEqual([]);
    expect(parseLabelSelector('app.kubernetes.io/name=web')[0]?.key).toBe('app.kubernetes.io/name');
  });

  it('matches with Kubernetes semantics', () => {
    const labels = { app: 'web', tier: 'front' };
    expect(matches('app=web', labels)).toBe(true);
    expect(matches('app==api', labels)).toBe(false);
    expect(matches('app!=api', labels)).toBe(true);
    expect(matches('missing!=x', labels)).toBe(true);
    expect(matches('tier in (front,back)', labels)).toBe(true);
    expect(matches('tier notin (front)', labels)).toBe(false);
    expect(matches('missing notin (front)', labels)).toBe(true);
    expect(matches('app', labels)).toBe(true);
    expect(matches('!app', labels)).toBe(false);
    expect(matches('!app', undefined)).toBe(true);
    expect(matches('app=web,tier=back', labels)).toBe(false);
    expect(matches('', undefined)).toBe(true);
  });

  it.each(['app=', 'a b', 'a in x', 'a in (x', '=x', 'a=web,', 'a=(x)', '-bad=x', 'a==b==c'])(
    'rejects or reads literally %j',
    (text) => {
      if (text === 'app=') {
        expect(parseLabelSelector(text)).toEqual([{ key: 'app', operator: 'equals', values: [''] }]);
        return;
      }
      expect(() => parseLabelSelector(text)).toThrow(LabelSelectorError);
    },
  );

  it('formats back to the same syntax', () => {
    const text = 'a=1,b!=2,c in (x,y),d notin (z),e,!f';
    expect(formatLabelSelector(parseLabelSelector(text))).toBe(text);
  });
});
