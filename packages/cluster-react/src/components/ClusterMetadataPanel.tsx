import { useId, type ReactNode } from 'react';
import { formatAge, formatBytes, formatCores, formatLatency } from '../core/format';
import { useCluster } from '../hooks/use-cluster';
import { useNow } from '../hooks/use-now';
import { ClusterStatusDot } from './ClusterStatusDot';

export interface ClusterMetadataPanelProps {
  clusterId: string;
  /** Heading level of the cluster name; default 3. */
  headingLevel?: 2 | 3 | 4 | 5 | 6;
  className?: string;
}

const unknown = <span className="flotilla-muted">unknown</span>;
const orUnknown = (value: ReactNode | null | undefined): ReactNode =>
  value === null || value === undefined ? unknown : value;

/**
 * What one cluster is: version, platform, server, TLS verification, health and latency, nodes
 * ready of total, allocatable CPU and memory, pod count and when it last answered. Values the
 * cluster has not reported yet say `unknown`, never zero.
 */
export function ClusterMetadataPanel({ clusterId, headingLevel = 3, className }: ClusterMetadataPanelProps) {
  const lookup = useCluster(clusterId);
  const headingId = useId();
  const now = useNow(null);
  const Heading = `h${headingLevel}` as const;
  const classes = ['flotilla-panel', className].filter(Boolean).join(' ');
  if (lookup.status === 'unknown-cluster') {
    return (
      <section className={classes} data-state="unknown-cluster" aria-labelledby={headingId}>
        <Heading id={headingId}>Unknown cluster</Heading>
        <p>No cluster with id “{clusterId}” is part of this fleet.</p>
      </section>
    );
  }
  const { cluster } = lookup;
  const meta = cluster.metadata;
  const rows: Array<[string, ReactNode]> = [
    ['Status', <ClusterStatusDot key="status" cluster={cluster} showLabel />],
    ['Kubernetes', orUnknown(meta.kubernetesVersion)],
    [
      'Platform',
      meta.platform === 'openshift'
        ? `OpenShift ${meta.openshiftVersion ?? ''}`.trim()
        : meta.platform === 'kubernetes'
          ? 'Kubernetes'
          : unknown,
    ],
    ['Server', <code key="server">{meta.server}</code>],
    [
      'TLS verification',
      meta.insecureSkipTLSVerify ? (
        <strong key="tls" className="flotilla-warning">
          off (insecure)
        </strong>
      ) : (
        'on'
      ),
    ],
    ['Connection', cluster.connection],
    ['Auth', cluster.auth],
    ['Health', cluster.health],
    [
      'Latency (p50 / p95)',
      `${formatLatency(cluster.latency.p50Ms)} / ${formatLatency(cluster.latency.p95Ms)}`,
    ],
    ['Nodes ready', meta.nodes ? `${meta.nodes.ready} / ${meta.nodes.total}` : unknown],
    ['Allocatable CPU', meta.allocatable ? `${formatCores(meta.allocatable.cpu)} cores` : unknown],
    ['Allocatable memory', meta.allocatable ? formatBytes(meta.allocatable.memory) : unknown],
    ['Pods', orUnknown(meta.pods)],
    [
      'Last seen',
      cluster.lastSeen === null ? 'never' : `${formatAge(new Date(cluster.lastSeen).toISOString(), now)} ago`,
    ],
  ];
  return (
    <section className={classes} aria-labelledby={headingId} data-cluster-id={clusterId}>
      <Heading id={headingId} className="flotilla-panel__title">
        {cluster.clusterName}
      </Heading>
      <dl
        className="flotilla-panel__list"
        style={{
          display: 'grid',
          gridTemplateColumns: 'max-content 1fr',
          columnGap: '1em',
          rowGap: '0.3em',
          margin: 0,
        }}
      >
        {rows.map(([term, value]) => (
          <div key={term} style={{ display: 'contents' }}>
            <dt>{term}</dt>
            <dd style={{ margin: 0 }}>{value}</dd>
          </div>
        ))}
      </dl>
      {cluster.lastError && (
        <p className="flotilla-panel__error">
          Last error ({cluster.lastError.kind}): {cluster.lastError.message}
        </p>
      )}
    </section>
  );
}
