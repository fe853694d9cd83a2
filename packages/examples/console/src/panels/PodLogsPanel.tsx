import { usePodLogs } from '@flotilla/cluster-react';
import { useMemo } from 'react';

export interface LogTarget {
  clusterId: string;
  clusterName: string;
  namespace: string;
  pod: string;
}

/** The followed log of one pod; the stream belongs to the pod's own cluster. */
export function PodLogsPanel({ target, onClose }: { target: LogTarget; onClose: () => void }) {
  const query = useMemo(
    () => ({ namespace: target.namespace, pod: target.pod, follow: true, tailLines: 200 }),
    [target.namespace, target.pod],
  );
  const logs = usePodLogs(target.clusterId, query);
  const title = `${target.clusterName} / ${target.namespace} / ${target.pod}`;
  return (
    <section className="console-logs" aria-label={`Logs of ${title}`}>
      <header>
        <h3>Logs: {title}</h3>
        <span role="status">
          {logs === null
            ? ''
            : 'status' in logs && logs.status === 'unknown-cluster'
              ? 'unknown cluster'
              : logs.status}
        </span>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      {logs && 'lines' in logs && (
        <>
          {logs.error && (
            <p role="alert" className="console-inline-error">
              {logs.error.kind}: {logs.error.message}
            </p>
          )}
          <pre className="console-log-lines" tabIndex={0}>
            {logs.dropped > 0 && `… ${logs.dropped} earlier lines dropped\n`}
            {logs.lines.join('\n')}
          </pre>
        </>
      )}
    </section>
  );
}
