import type { ClusterSnapshot } from '@flotilla/cluster-core';
import type { CSSProperties } from 'react';
import { summarizeClusterStatus, type StatusTone } from '../core/cluster-status';
import { visuallyHidden } from './visually-hidden';

/** Colours used when the stylesheet is absent; `styles.css` overrides them through variables. */
const FALLBACK: Readonly<Record<StatusTone | 'unknown', string>> = {
  ok: '#16a34a',
  warning: '#d97706',
  error: '#dc2626',
  pending: '#2563eb',
  offline: '#6b7280',
  unknown: '#9ca3af',
};

export interface ClusterStatusDotProps {
  cluster: ClusterSnapshot;
  /** Show the status word beside the dot (it is always there for screen readers). */
  showLabel?: boolean;
  className?: string;
}

/** The one-word status of a cluster (connection × auth × health) as a coloured dot with text. */
export function ClusterStatusDot({ cluster, showLabel = false, className }: ClusterStatusDotProps) {
  const status = summarizeClusterStatus(cluster);
  return (
    <span
      className={['flotilla-status', className].filter(Boolean).join(' ')}
      data-tone={status.tone}
      title={status.description}
    >
      <ToneDot tone={status.tone} />
      <span className="flotilla-status__label" style={showLabel ? undefined : visuallyHidden}>
        {status.label}
      </span>
    </span>
  );
}

/** A bare dot of one tone, hidden from assistive technology (the text beside it says it). */
export function ToneDot({ tone }: { tone: StatusTone | 'unknown' }) {
  const style: CSSProperties = {
    display: 'inline-block',
    flex: 'none',
    width: '0.625em',
    height: '0.625em',
    borderRadius: '50%',
    background: `var(--flotilla-tone-${tone}, ${FALLBACK[tone]})`,
  };
  return <span className="flotilla-status__dot" data-tone={tone} aria-hidden="true" style={style} />;
}
