import type { ObjectComparison } from '@flotilla/cluster-core';

const MISSING = Symbol.for('flotilla.comparison.missing');

function show(value: unknown): string {
  if (value === MISSING) return '(absent)';
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

/**
 * Where one object differs across clusters, path by path. A cluster whose copy of the kind is not
 * current says so in its header, so "absent" there is not read as "deleted".
 */
export function ObjectDiff({ comparison }: { comparison: ObjectComparison }) {
  const name = `${comparison.ref.namespace ? `${comparison.ref.namespace}/` : ''}${comparison.ref.name}`;
  return (
    <table className="flotilla-data-table flotilla-diff">
      <caption>
        {comparison.kind} {name}:{' '}
        {comparison.diff.length === 0
          ? 'identical in every cluster'
          : `${comparison.diff.length} differing fields`}
      </caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          {comparison.clusters.map((c) => (
            <th key={c.clusterId} scope="col" data-status={c.status}>
              {c.clusterName}
              {!c.present && ' (absent)'}
              {c.status !== 'ok' && ` (${c.status}${c.error ? `: ${c.error.message}` : ''})`}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {comparison.diff.map((entry) => (
          <tr key={entry.path}>
            <th scope="row">
              <code>{entry.path}</code>
            </th>
            {comparison.clusters.map((c) => (
              <td key={c.clusterId}>
                <code>{show(entry.values[c.clusterId])}</code>
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
