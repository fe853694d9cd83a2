import type { VersionSkewMatrix } from '@flotilla/cluster-core';

const BAR_WIDTH = 240;

/**
 * The fleet's versions: a table of each cluster's Kubernetes (and OpenShift) version marking those
 * behind the newest minor, a bar per distinct version, and the API group/versions not served
 * everywhere. Clusters that have not reported a version are listed as unknown, not as behind.
 */
export function VersionSkew({ skew }: { skew: VersionSkewMatrix }) {
  const perVersion = skew.kubernetesVersions.map((version) => ({
    version,
    count: skew.clusters.filter((c) => c.kubernetesVersion === version).length,
  }));
  const max = Math.max(1, ...perVersion.map((v) => v.count));
  const skewedApis = skew.apis.filter((api) => api.skewed);
  return (
    <div className="flotilla-skew">
      <p className="flotilla-skew__summary">
        {skew.kubernetesVersions.length === 0
          ? 'No cluster has reported its version yet.'
          : skew.minorSkew === 0
            ? `All clusters run Kubernetes ${skew.kubernetesVersions.join(', ')}.`
            : `Minor version skew: ${skew.minorSkew} (${skew.kubernetesVersions[0]} to ${skew.kubernetesVersions[skew.kubernetesVersions.length - 1]}).`}
      </p>
      {perVersion.length > 0 && (
        <svg
          role="img"
          aria-label={`Clusters per Kubernetes version: ${perVersion.map((v) => `${v.version} ${v.count}`).join(', ')}`}
          viewBox={`0 0 ${BAR_WIDTH + 160} ${perVersion.length * 22}`}
          width="100%"
          preserveAspectRatio="xMinYMin meet"
          style={{ maxWidth: BAR_WIDTH + 160, display: 'block', fontSize: 12 }}
        >
          {perVersion.map((v, i) => (
            <g key={v.version}>
              <text x={90} y={i * 22 + 11} textAnchor="end" dominantBaseline="middle" fill="currentColor">
                {v.version}
              </text>
              <rect
                x={100}
                y={i * 22 + 3}
                height={16}
                width={(v.count / max) * BAR_WIDTH}
                fill="var(--flotilla-accent, #2563eb)"
              >
                <title>{`${v.version}: ${v.count} cluster${v.count === 1 ? '' : 's'}`}</title>
              </rect>
              <text
                x={106 + (v.count / max) * BAR_WIDTH}
                y={i * 22 + 11}
                dominantBaseline="middle"
                fill="currentColor"
              >
                {v.count}
              </text>
            </g>
          ))}
        </svg>
      )}
      <table className="flotilla-data-table">
        <caption>Versions by cluster</caption>
        <thead>
          <tr>
            <th scope="col">Cluster</th>
            <th scope="col">Kubernetes</th>
            <th scope="col">Platform</th>
            <th scope="col">Skew</th>
          </tr>
        </thead>
        <tbody>
          {skew.clusters.map((row) => (
            <tr key={row.clusterId} data-cluster-id={row.clusterId} data-behind={row.behind || undefined}>
              <th scope="row">{row.clusterName}</th>
              <td>{row.kubernetesVersion ?? 'unknown'}</td>
              <td>
                {row.platform === 'openshift'
                  ? `OpenShift ${row.openshiftVersion ?? ''}`.trim()
                  : row.platform}
              </td>
              <td>{row.kubernetesVersion === null ? 'unknown' : row.behind ? 'behind newest' : 'newest'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {skewedApis.length > 0 && (
        <table className="flotilla-data-table">
          <caption>API versions not served everywhere</caption>
          <thead>
            <tr>
              <th scope="col">API</th>
              {skew.clusters.map((c) => (
                <th key={c.clusterId} scope="col">
                  {c.clusterName}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {skewedApis.map((api) => (
              <tr key={api.groupVersion}>
                <th scope="row">
                  <code>{api.groupVersion}</code>
                </th>
                {skew.clusters.map((c) => {
                  const served = api.servedBy[c.clusterId];
                  return (
                    <td key={c.clusterId}>
                      {served === true ? 'served' : served === false ? 'missing' : 'unknown'}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
