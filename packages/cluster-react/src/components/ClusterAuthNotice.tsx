import { useId, useState } from 'react';
import { formatCountdown } from '../core/format';
import { useClusterAuth } from '../hooks/use-cluster-auth';
import { useNow } from '../hooks/use-now';

export interface ClusterAuthNoticeProps {
  clusterId: string;
  className?: string;
}

function NextRetry({ at }: { at: number }) {
  const now = useNow(at);
  return (
    // Off the alert's live region: a countdown re-announced every second would drown everything.
    <span aria-live="off" className="flotilla-auth-notice__countdown">
      {at > now ? (
        <>
          Next automatic retry in{' '}
          <time dateTime={new Date(at).toISOString()}>{formatCountdown(at, now)}</time>.
        </>
      ) : (
        'Automatic retry due now.'
      )}
    </span>
  );
}

/**
 * One cluster's auth failure: the reason, the attempt, a live countdown to the next automatic
 * probe, and a Retry button that restarts recovery of this cluster only. Renders nothing while the
 * cluster's credentials are fine.
 */
export function ClusterAuthNotice({ clusterId, className }: ClusterAuthNoticeProps) {
  const auth = useClusterAuth(clusterId);
  const titleId = useId();
  const [pending, setPending] = useState(false);
  const [retryError, setRetryError] = useState<string | null>(null);
  const classes = ['flotilla-auth-notice', className].filter(Boolean).join(' ');

  if (auth.status === 'unknown-cluster') {
    return (
      <div className={classes} data-state="unknown-cluster">
        Unknown cluster “{clusterId}”
      </div>
    );
  }
  if (auth.state !== 'invalid' && auth.state !== 'recovering') return null;

  const retry = () => {
    setPending(true);
    setRetryError(null);
    auth
      .retry()
      .catch((error: unknown) => setRetryError(error instanceof Error ? error.message : String(error)))
      .finally(() => setPending(false));
  };
  const title =
    auth.state === 'invalid'
      ? `Authentication failed for ${auth.clusterName}`
      : `Recovering authentication for ${auth.clusterName}`;

  return (
    <div
      role="alert"
      aria-labelledby={titleId}
      className={classes}
      data-state={auth.state}
      data-cluster-id={clusterId}
    >
      <strong id={titleId} className="flotilla-auth-notice__title">
        {title}
      </strong>
      {auth.reason && <p className="flotilla-auth-notice__reason">{auth.reason}</p>}
      <p className="flotilla-auth-notice__progress">
        {auth.maxAttempts > 0 && (
          <span>
            Attempt {Math.min(auth.attempt, auth.maxAttempts)} of {auth.maxAttempts}.{' '}
          </span>
        )}
        {auth.nextRetryAt !== null && <NextRetry at={auth.nextRetryAt} />}
      </p>
      <button
        type="button"
        className="flotilla-button"
        onClick={retry}
        disabled={pending}
        aria-busy={pending}
      >
        {pending ? 'Retrying…' : `Retry ${auth.clusterName} now`}
      </button>
      {retryError && <p className="flotilla-auth-notice__error">Retry failed: {retryError}</p>}
    </div>
  );
}
