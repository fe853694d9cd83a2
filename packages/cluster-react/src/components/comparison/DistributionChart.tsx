import type { DistributionCell } from '@flotilla/cluster-core';
import { bucketColour, orderBuckets } from './bucket-colours';

export interface DistributionChartProps {
  kind: string;
  cells: readonly DistributionCell[];
}

const ROW = 26;
const LABEL = 150;
const WIDTH = 640;
const BAR = WIDTH - LABEL - 70;

function describe(cell: DistributionCell): string {
  if (cell.status === 'error') return `${cell.clusterName}: failed (${cell.error?.message ?? 'no answer'})`;
  if (cell.status === 'syncing') return `${cell.clusterName}: loading`;
  const parts = Object.entries(cell.breakdown).map(([bucket, n]) => `${bucket} ${n}`);
  return `${cell.clusterName}: ${cell.count}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/**
 * How many objects of a kind each cluster holds, as stacked bars by status (pod phase, ready / not
 * ready). A failed cluster shows its error instead of a bar, never an empty bar that reads as zero.
 */
export function DistributionChart({ kind, cells }: DistributionChartProps) {
  const buckets = orderBuckets(cells.flatMap((cell) => Object.keys(cell.breakdown)));
  const max = Math.max(1, ...cells.map((cell) => cell.count));
  const height = Math.max(ROW, cells.length * ROW);
  const summary = `${kind} per cluster. ${cells.map(describe).join('; ')}.`;
  return (
    <figure className="flotilla-chart" style={{ margin: 0 }}>
      <figcaption className="flotilla-chart__title">{kind} per cluster</figcaption>
      <svg
        role="img"
        aria-label={summary}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
        style={{ maxWidth: WIDTH, display: 'block', fontSize: 12 }}
      >
        {cells.map((cell, row) => {
          const y = row * ROW;
          let x = LABEL;
          const failed = cell.status === 'error' || cell.status === 'syncing';
          return (
            <g key={cell.clusterId} data-cluster-id={cell.clusterId} data-status={cell.status}>
              <text
                x={LABEL - 8}
                y={y + ROW / 2}
                textAnchor="end"
                dominantBaseline="middle"
                fill="currentColor"
              >
                {cell.clusterName.length > 22 ? `${cell.clusterName.slice(0, 21)}…` : cell.clusterName}
              </text>
              {failed ? (
                <text
                  x={LABEL}
                  y={y + ROW / 2}
                  dominantBaseline="middle"
                  fill={cell.status === 'error' ? 'var(--flotilla-tone-error, #dc2626)' : 'currentColor'}
                >
                  {cell.status === 'error' ? `error: ${cell.error?.message ?? 'no answer'}` : 'loading…'}
                </text>
              ) : (
                <>
                  {buckets.map((bucket, i) => {
                    const n = cell.breakdown[bucket] ?? 0;
                    if (n === 0) return null;
                    const width = (n / max) * BAR;
                    const rect = (
                      <rect
                        key={bucket}
                        x={x}
                        y={y + 4}
                        width={width}
                        height={ROW - 8}
                        fill={bucketColour(bucket, i)}
                      >
                        <title>{`${cell.clusterName} · ${bucket}: ${n}`}</title>
                      </rect>
                    );
                    x += width;
                    return rect;
                  })}
                  <text
                    x={LABEL + (cell.count / max) * BAR + 6}
                    y={y + ROW / 2}
                    dominantBaseline="middle"
                    fill="currentColor"
                  >
                    {cell.count}
                    {cell.status === 'stale' ? ' (stale)' : ''}
                  </text>
                </>
              )}
            </g>
          );
        })}
      </svg>
      {buckets.length > 0 && (
        <ul
          className="flotilla-chart__legend"
          aria-label="Legend"
          style={{
            display: 'flex',
            flexWrap: 'wrap',
            gap: '0.75em',
            listStyle: 'none',
            padding: 0,
            margin: '0.5em 0 0',
          }}
        >
          {buckets.map((bucket, i) => (
            <li key={bucket} style={{ display: 'inline-flex', alignItems: 'center', gap: '0.3em' }}>
              <span
                aria-hidden="true"
                style={{
                  width: '0.7em',
                  height: '0.7em',
                  background: bucketColour(bucket, i),
                  display: 'inline-block',
                }}
              />
              {bucket}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
