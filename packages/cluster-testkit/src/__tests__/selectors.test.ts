import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SUPPORTED_FIELDS,
  fieldValue,
  formatLabelSelector,
  labelSelectorFromObject,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  SelectorError,
  supportedFieldsFor,
} from '../api/selectors';
import type { KubeObject } from '../api/types';

function obj(
  extra: Partial<KubeObject> & Record<string, unknown> = {},
  meta: Partial<KubeObject['metadata']> = {},
) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    ...extra,
    metadata: {
      name: 'web-1',
      namespace: 'default',
      uid: 'u1',
      resourceVersion: '1',
      creationTimestamp: '',
      ...meta,
    },
  } as KubeObject;
}

const select = (text: string, labels?: Record<string, string>) =>
  matchesLabels(parseLabelSelector(text), labels);

function parseError(text: string): string {
  try {
    parseLabelSelector(text);
  } catch (error) {
    expect(error).toBeInstanceOf(SelectorError);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('parseLabelSelector', () => {
  it('selects everything when empty or blank', () => {
    expect(parseLabelSelector('').requirements).toEqual([]);
    expect(parseLabelSelector('  \t ').requirements).toEqual([]);
    expect(select('', undefined)).toBe(true);
    expect(select('', { a: 'b' })).toBe(true);
  });

  it('parses every operator into requirements sorted by key', () => {
    const { requirements } = parseLabelSelector('z=1,y==2,x!=3,w in (b,a,b),v notin (c),u,!t,s>4,r<5');
    expect(requirements).toEqual([
      { key: 'r', operator: 'lt', values: ['5'] },
      { key: 's', operator: 'gt', values: ['4'] },
      { key: 't', operator: '!', values: [] },
      { key: 'u', operator: 'exists', values: [] },
      { key: 'v', operator: 'notin', values: ['c'] },
      { key: 'w', operator: 'in', values: ['a', 'b'] },
      { key: 'x', operator: '!=', values: ['3'] },
      { key: 'y', operator: '==', values: ['2'] },
      { key: 'z', operator: '=', values: ['1'] },
    ]);
  });

  it('tolerates whitespace around every token', () => {
    const sel = parseLabelSelector('  app = web ,  tier   in ( a ,  b ) , ! legacy ,env');
    expect(sel.requirements.map((r) => [r.key, r.operator, r.values])).toEqual([
      ['app', '=', ['web']],
      ['env', 'exists', []],
      ['legacy', '!', []],
      ['tier', 'in', ['a', 'b']],
    ]);
  });

  it('accepts qualified keys with DNS prefixes', () => {
    const sel = parseLabelSelector('app.kubernetes.io/name=nginx,node-role.kubernetes.io/control-plane');
    expect(select('app.kubernetes.io/name=nginx', { 'app.kubernetes.io/name': 'nginx' })).toBe(true);
    expect(sel.requirements[1]).toEqual({
      key: 'node-role.kubernetes.io/control-plane',
      operator: 'exists',
      values: [],
    });
  });

  it('treats in/notin as values in the value position and empty members as the empty value', () => {
    expect(parseLabelSelector('x in (in,notin)').requirements[0]?.values).toEqual(['in', 'notin']);
    expect(parseLabelSelector('x in (a,,b)').requirements[0]?.values).toEqual(['', 'a', 'b']);
    expect(parseLabelSelector('x in ()').requirements[0]?.values).toEqual(['']);
    expect(parseLabelSelector('x in (,a)').requirements[0]?.values).toEqual(['', 'a']);
    expect(parseLabelSelector('x in (a,)').requirements[0]?.values).toEqual(['', 'a']);
    expect(parseLabelSelector('x=').requirements[0]).toEqual({ key: 'x', operator: '=', values: [''] });
    expect(parseLabelSelector('x=,y').requirements.map((r) => r.key)).toEqual(['x', 'y']);
  });

  it.each([
    ['x=a b', "found 'b', expected: ',' or 'end of string'"],
    ['x=a,', "found '', expected: identifier after ','"],
    [',x', "found ',', expected: !, identifier, or 'end of string'"],
    ['x in a', "unable to parse requirement: found 'a' expected: '('"],
    ['x in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['x in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
    ['x in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['x in (a,=)', "unable to parse requirement: found '=', expected: ',', or identifier"],
    ['x=(', "unable to parse requirement: found '(', expected: identifier"],
    ['x (a)', "unable to parse requirement: found '(', expected: '=', '!=', '==', 'in', notin'"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
  ])('rejects %j like the apiserver', (text, message) => {
    expect(parseError(text)).toBe(message);
  });

  it('validates keys and values with the apimachinery messages', () => {
    expect(parseError('foo_=bar')).toBe(
      'unable to parse requirement: <nil>: Invalid value: "foo_": name part must consist of alphanumeric characters,' +
        " '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name', " +
        " or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    );
    expect(parseError('Example.com/x=1')).toMatch(
      /^unable to parse requirement: <nil>: Invalid value: "Example.com\/x": prefix part a lowercase RFC 1123 subdomain/,
    );
    expect(parseError('/x')).toMatch(/prefix part must be non-empty/);
    expect(parseError('a/b/c')).toMatch(
      /a qualified name must consist of .* with an optional DNS subdomain prefix/,
    );
    expect(parseError(`${'k'.repeat(64)}=v`)).toMatch(/name part must be no more than 63 characters/);
    expect(parseError('app=-web')).toMatch(
      /^unable to parse requirement: values\[0\]\[app\]: Invalid value: "-web": a valid label must be an empty string/,
    );
    expect(parseError(`app=${'v'.repeat(64)}`)).toMatch(/must be no more than 63 characters/);
    expect(parseError('x>abc')).toMatch(/for 'Gt', 'Lt' operators, the value must be an integer/);
  });
});

describe('matchesLabels', () => {
  const labels = { app: 'web', tier: 'frontend', replicas: '3', empty: '' };

  it('handles equality and inequality, where inequality also matches a missing label', () => {
    expect(select('app=web', labels)).toBe(true);
    expect(select('app==web', labels)).toBe(true);
    expect(select('app=db', labels)).toBe(false);
    expect(select('app!=db', labels)).toBe(true);
    expect(select('app!=web', labels)).toBe(false);
    expect(select('missing!=x', labels)).toBe(true);
    expect(select('missing=x', labels)).toBe(false);
    expect(select('empty=', labels)).toBe(true);
    expect(select('missing=', labels)).toBe(false);
  });

  it('handles set membership', () => {
    expect(select('tier in (frontend,backend)', labels)).toBe(true);
    expect(select('tier in (backend)', labels)).toBe(false);
    expect(select('missing in (x)', labels)).toBe(false);
    expect(select('tier notin (backend)', labels)).toBe(true);
    expect(select('tier notin (frontend)', labels)).toBe(false);
    expect(select('missing notin (x)', labels)).toBe(true);
  });

  it('handles existence and requires every requirement', () => {
    expect(select('app', labels)).toBe(true);
    expect(select('!app', labels)).toBe(false);
    expect(select('!missing', labels)).toBe(true);
    expect(select('missing', labels)).toBe(false);
    expect(select('app=web,tier=frontend', labels)).toBe(true);
    expect(select('app=web,tier=backend', labels)).toBe(false);
    expect(select('app', undefined)).toBe(false);
    expect(select('!app', undefined)).toBe(true);
  });

  it('compares gt/lt numerically and never matches non-integers', () => {
    expect(select('replicas>2', labels)).toBe(true);
    expect(select('replicas>3', labels)).toBe(false);
    expect(select('replicas<10', labels)).toBe(true);
    expect(select('app>1', labels)).toBe(false);
    expect(select('missing<1', labels)).toBe(false);
  });
});

describe('labelSelectorFromObject / formatLabelSelector', () => {
  it('converts metav1.LabelSelector and prints the canonical string kubectl shows', () => {
    const sel = labelSelectorFromObject({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['b', 'a'] },
        { key: 'env', operator: 'NotIn', values: ['dev'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'zone', operator: 'Exists' },
      ],
    });
    expect(formatLabelSelector(sel)).toBe('app=web,!canary,env notin (dev),tier in (a,b),zone');
    expect(sel !== 'nothing' && matchesLabels(sel, { app: 'web', tier: 'a', zone: 'z' })).toBe(true);
  });

  it('distinguishes a missing selector (nothing) from an empty one (everything)', () => {
    expect(labelSelectorFromObject(undefined)).toBe('nothing');
    expect(labelSelectorFromObject({})).toEqual({ requirements: [] });
    expect(formatLabelSelector('nothing')).toBe('');
  });

  it('round-trips parsed selectors', () => {
    expect(formatLabelSelector(parseLabelSelector('b in (y,x), a!=1, !c, d==2, e>3'))).toBe(
      'a!=1,b in (x,y),!c,d==2,e>3',
    );
  });

  it('rejects unknown operators and empty In sets', () => {
    expect(() =>
      labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }),
    ).toThrow('"Gt" is not a valid label selector operator');
    expect(() =>
      labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }),
    ).toThrow("values set can't be empty");
  });
});

describe('parseFieldSelector', () => {
  it('parses =, == and != terms, sorted like the apiserver', () => {
    expect(
      parseFieldSelector('status.phase!=Failed,metadata.name==web-1,spec.nodeName=node-a').requirements,
    ).toEqual([
      { field: 'metadata.name', operator: '==', value: 'web-1' },
      { field: 'spec.nodeName', operator: '=', value: 'node-a' },
      { field: 'status.phase', operator: '!=', value: 'Failed' },
    ]);
    expect(parseFieldSelector('').requirements).toEqual([]);
    expect(parseFieldSelector('metadata.name=a,,').requirements).toHaveLength(1);
  });

  it('supports the documented default fields', () => {
    for (const field of DEFAULT_SUPPORTED_FIELDS) {
      expect(parseFieldSelector(`${field}=x`).requirements[0]?.field).toBe(field);
    }
    expect(DEFAULT_SUPPORTED_FIELDS).toEqual(
      expect.arrayContaining([
        'involvedObject.uid',
        'reason',
        'type',
        'spec.unschedulable',
        'metadata.namespace',
      ]),
    );
  });

  it('rejects unsupported fields with the apiserver message', () => {
    expect(() => parseFieldSelector('spec.foo=bar')).toThrow(
      new SelectorError('field label not supported: spec.foo'),
    );
    expect(() => parseFieldSelector('metadata.name=a', ['spec.nodeName'])).toThrow(
      'field label not supported: metadata.name',
    );
    // Field selectors are not whitespace tolerant: the field is "metadata.name ".
    expect(() => parseFieldSelector('metadata.name = a')).toThrow(
      'field label not supported: metadata.name ',
    );
  });

  it('narrows the accepted fields per kind like the real registries', () => {
    expect(supportedFieldsFor('Node')).toEqual(['metadata.name', 'metadata.namespace', 'spec.unschedulable']);
    expect(supportedFieldsFor('Event')).toContain('involvedObject.fieldPath');
    expect(supportedFieldsFor('Deployment')).toEqual(['metadata.name', 'metadata.namespace']);
    expect(() => parseFieldSelector('spec.nodeName=a', supportedFieldsFor('Deployment'))).toThrow(
      'field label not supported: spec.nodeName',
    );
  });

  it('rejects terms without an operator and bad escapes', () => {
    expect(() => parseFieldSelector('metadata.name')).toThrow(
      "invalid selector: 'metadata.name'; can't understand 'metadata.name'",
    );
    expect(() => parseFieldSelector('metadata.name=a\\b')).toThrow(
      'invalid field selector: invalid escape sequence: \\b',
    );
    expect(() => parseFieldSelector('metadata.name=a\\')).toThrow(
      'invalid field selector: invalid escape sequence: \\',
    );
    expect(() => parseFieldSelector('metadata.name=a=b')).toThrow(
      'invalid field selector: unescaped character in value: 61',
    );
  });

  it('unescapes backslash-escaped commas, equals signs and backslashes in values', () => {
    expect(parseFieldSelector('metadata.name=a\\,b\\=c\\\\d').requirements[0]?.value).toBe('a,b=c\\d');
  });
});

describe('matchesFields / fieldValue', () => {
  const pod = obj({ spec: { nodeName: 'node-a', hostNetwork: true }, status: { phase: 'Running' } });

  it('matches equality and inequality on nested fields', () => {
    expect(matchesFields(parseFieldSelector('spec.nodeName=node-a'), pod)).toBe(true);
    expect(matchesFields(parseFieldSelector('spec.nodeName!=node-a'), pod)).toBe(false);
    expect(matchesFields(parseFieldSelector('status.phase=Running,metadata.namespace=default'), pod)).toBe(
      true,
    );
    expect(matchesFields(parseFieldSelector('status.phase=Running,metadata.name=other'), pod)).toBe(false);
    expect(matchesFields(parseFieldSelector(''), pod)).toBe(true);
  });

  it('reads a missing field as the empty string', () => {
    const pending = obj({ spec: {} });
    expect(fieldValue(pending, 'spec.nodeName')).toBe('');
    expect(matchesFields(parseFieldSelector('spec.nodeName='), pending)).toBe(true);
    expect(matchesFields(parseFieldSelector('spec.nodeName!='), pending)).toBe(false);
    expect(fieldValue(obj({ kind: 'Node' }, { namespace: undefined }), 'metadata.namespace')).toBe('');
  });

  it('stringifies booleans and numbers, and defaults spec.unschedulable to false', () => {
    expect(fieldValue(pod, 'spec.hostNetwork')).toBe('true');
    expect(fieldValue(obj({ status: { replicas: 3 } }), 'status.replicas')).toBe('3');
    const node = obj({ kind: 'Node', spec: {} });
    const cordoned = obj({ kind: 'Node', spec: { unschedulable: true } });
    expect(matchesFields(parseFieldSelector('spec.unschedulable=false'), node)).toBe(true);
    expect(matchesFields(parseFieldSelector('spec.unschedulable=true'), cordoned)).toBe(true);
    expect(matchesFields(parseFieldSelector('spec.unschedulable!=true'), cordoned)).toBe(false);
  });

  it('never treats objects or arrays as values', () => {
    expect(fieldValue(pod, 'spec')).toBe('');
    expect(fieldValue(obj({ spec: { items: ['a'] } }), 'spec.items.0')).toBe('');
  });

  it('matches event fields kubectl describe uses', () => {
    const event = obj({
      kind: 'Event',
      involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default', uid: 'u1' },
      reason: 'BackOff',
      type: 'Warning',
      source: { component: 'kubelet' },
    });
    const sel = parseFieldSelector(
      'involvedObject.kind=Pod,involvedObject.name=web-1,involvedObject.namespace=default,involvedObject.uid=u1',
    );
    expect(matchesFields(sel, event)).toBe(true);
    expect(matchesFields(parseFieldSelector('type=Warning,reason=BackOff'), event)).toBe(true);
    expect(fieldValue(event, 'source')).toBe('kubelet');
  });
});
