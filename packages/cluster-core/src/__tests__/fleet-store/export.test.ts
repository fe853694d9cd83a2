import { describe, expect, it } from 'vitest';
import { resourceDistribution } from '../../comparison/distribution';
import { compareAcrossClusters } from '../../comparison/object-diff';
import { versionSkew } from '../../comparison/version-skew';
import { renderHTML } from '../../export/html';
import { csvField, renderCSV, renderJSON, renderMarkdown } from '../../export/render';
import {
  reportFromComparison,
  reportFromDistribution,
  reportFromQuery,
  reportFromVersionSkew,
  type Report,
} from '../../export/report';
import type { KubeObjectLike } from '../../fleet-store/types';
import { authError, newStore, pod } from './fixtures';

const generatedAt = new Date('2025-06-01T12:00:00Z');
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlc2ln';

const secret = (cluster: string): KubeObjectLike => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name: 'db',
    namespace: 'shop',
    resourceVersion: '1',
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"aHVudGVyMg=="}}',
    },
  },
  type: 'Opaque',
  data: { password: cluster === 'a' ? 'aHVudGVyMg==' : 'c2VjcmV0Mg==' },
  stringData: { token: 'plain-token-value' },
});

function fleet() {
  const { store } = newStore();
  store.replace('a', 'alpha', 'Pod', [
    pod({
      name: '=cmd|calc',
      labels: { app: 'web' },
      extra: {
        spec: {
          containers: [
            {
              name: 'main',
              env: [
                { name: 'DB_PASSWORD', value: 'hunter2' },
                { name: 'MODE', value: 'prod' },
              ],
              args: [`--auth=Bearer ${JWT}`],
            },
          ],
        },
      },
    }),
    pod({ name: 'multi "line"\nname, with comma' }),
  ]);
  store.setSyncState('b', 'beta', 'Pod', 'error', {
    ...authError('b'),
    message: `[beta] exec plugin said token=${JWT}`,
  });
  store.replace('a', 'alpha', 'Secret', [secret('a')]);
  store.replace('b', 'beta', 'Secret', [secret('b')]);
  return store;
}

const everyFormat = (report: Report): string[] => [
  renderJSON(report),
  renderCSV(report),
  renderMarkdown(report),
  renderHTML(report),
];

describe('CSV', () => {
  it('quotes per RFC 4180 and defuses formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rx')).toBe('"cr\rx"');
    expect(csvField(' padded ')).toBe('" padded "');
    for (const start of ['=', '+', '-', '@']) expect(csvField(`${start}1+1`)).toBe(`'${start}1+1`);
    expect(csvField('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
    expect(csvField(-5)).toBe('-5');
    expect(csvField(null)).toBe('');
    expect(csvField(true)).toBe('true');
  });

  it('starts a partial report with its notice and the cluster errors, then the rows', () => {
    const csv = renderCSV(reportFromQuery(fleet().query({ kind: 'Pod' }), { generatedAt }));
    const lines = csv.split('\r\n');
    expect(lines[0]).toMatch(/^"?PARTIAL REPORT: .*beta \(error\)/);
    expect(csv).toContain('beta,b,error,0,auth: [beta] exec plugin said token=[REDACTED]');
    expect(csv).toContain(`alpha,default,'=cmd|calc,app=web,2025-01-01T00:00:00Z`);
    expect(csv).toContain('alpha,default,"multi ""line""\nname, with comma",,2025-01-01T00:00:00Z');
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});

describe('report content', () => {
  it('every format states the partial result and each cluster status', () => {
    const report = reportFromQuery(fleet().query({ kind: 'Pod' }), { generatedAt });
    const [json, csv, md, html] = everyFormat(report);
    expect(JSON.parse(json as string)).toMatchObject({
      partial: true,
      clusters: [
        { clusterId: 'a', status: 'ok', count: 2 },
        { clusterId: 'b', status: 'error', count: 0, error: { kind: 'auth' } },
      ],
    });
    expect(csv).toContain('PARTIAL REPORT');
    expect(md).toContain('> **⚠ PARTIAL REPORT');
    expect(md).toContain('=cmd\\|calc');
    expect(html).toContain('role="alert" data-partial="true"');
    expect(html).toContain('<svg');
    expect(html).toContain('multi &quot;line&quot;');
    expect(html).not.toContain('<script');
  });

  it('a complete report carries no partial marker', () => {
    const { store } = newStore();
    store.replace('a', 'alpha', 'Pod', [pod({ name: 'p' })]);
    for (const text of everyFormat(reportFromQuery(store.query({ kind: 'Pod' }), { generatedAt }))) {
      expect(text).not.toContain('PARTIAL');
    }
  });

  it('never exports secrets: Secret data, last-applied, credential env values, tokens in text', () => {
    const store = fleet();
    const reports = [
      reportFromQuery(store.query({ kind: 'Pod' }), { generatedAt }),
      reportFromQuery(store.query({ kind: 'Secret' }), {
        generatedAt,
        columns: [{ header: 'Raw', value: (item) => JSON.stringify(item.object) }],
      }),
      reportFromComparison(
        compareAcrossClusters(store, 'Secret', { namespace: 'shop', name: 'db' }, { ignoreAnnotations: [] }),
        { generatedAt },
      ),
      reportFromComparison(compareAcrossClusters(store, 'Pod', { namespace: 'default', name: '=cmd|calc' }), {
        generatedAt,
      }),
      reportFromDistribution(resourceDistribution(store), { generatedAt }),
    ];
    for (const report of reports) {
      for (const text of everyFormat(report)) {
        for (const leaked of ['aHVudGVyMg==', 'c2VjcmV0Mg==', 'plain-token-value', 'hunter2', JWT]) {
          expect(text).not.toContain(leaked);
        }
      }
    }
    const json = JSON.parse(renderJSON(reports[0] as Report)) as {
      data: { items: Array<{ object: { spec: { containers: Array<{ env: unknown }> } } }> };
    };
    const env = json.data.items.find((item) => item.object.spec.containers[0]?.env)?.object.spec.containers[0]
      ?.env;
    expect(env).toEqual([
      { name: 'DB_PASSWORD', value: '[REDACTED]' },
      { name: 'MODE', value: 'prod' },
    ]);
  });

  it('renders distribution, comparison and version skew reports', () => {
    const store = fleet();
    const distribution = reportFromDistribution(resourceDistribution(store), { generatedAt });
    expect(distribution.tables[0]?.rows).toContainEqual(['Pod', 'alpha', 'ok', 2, 'Running: 2']);
    expect(distribution.clusters.find((c) => c.clusterId === 'b')?.status).toBe('error');
    expect(renderHTML(distribution).match(/<svg/g)).toHaveLength(2);

    const comparison = reportFromComparison(
      compareAcrossClusters(store, 'Secret', { namespace: 'shop', name: 'db' }),
      {
        generatedAt,
      },
    );
    // The differing Secret value is reported as a difference, never shown.
    expect(comparison.tables[0]?.rows).toEqual([['data.password', '[REDACTED]', '[REDACTED]']]);
    const { store: empty } = newStore();
    const none = reportFromQuery(empty.query({ kind: 'Pod', clusters: ['x'] }), { generatedAt });
    expect(renderMarkdown(none)).toContain('_No rows._');
    expect(none.partial).toBe(true);

    const skew = reportFromVersionSkew(versionSkew([], { apiVersions: {} }), { generatedAt });
    expect(skew.partial).toBe(false);
    expect(renderMarkdown(skew)).toContain('Versions (no skew)');
  });
});
