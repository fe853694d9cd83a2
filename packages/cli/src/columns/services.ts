import type { KubeObjectLike } from '@flotilla/cluster-core';
import { ageOf } from './age';
import { field, labelsText, list, nameColumn, NONE, text, type KindColumns } from './column';

/** Load-balancer addresses, else `externalIPs`; `<pending>` for a load balancer still being made. */
function externalIp(service: KubeObjectLike): string {
  const type = field(service, 'spec', 'type');
  const ingress = list(field(service, 'status', 'loadBalancer', 'ingress'))
    .map((entry) => field(entry, 'ip') ?? field(entry, 'hostname'))
    .filter((value): value is string => typeof value === 'string');
  const external = list(field(service, 'spec', 'externalIPs')).filter(
    (v): v is string => typeof v === 'string',
  );
  if (type === 'ExternalName') return text(field(service, 'spec', 'externalName'));
  if (type === 'LoadBalancer') {
    const all = [...ingress, ...external];
    return all.length > 0 ? all.join(',') : '<pending>';
  }
  return external.length > 0 ? external.join(',') : NONE;
}

/** `80/TCP`, `443:30443/TCP`, joined by commas. */
function ports(service: KubeObjectLike): string {
  const entries = list(field(service, 'spec', 'ports')).map((port) => {
    const nodePort = field(port, 'nodePort');
    const protocol = text(field(port, 'protocol'), 'TCP');
    return `${String(field(port, 'port'))}${typeof nodePort === 'number' ? `:${nodePort}` : ''}/${protocol}`;
  });
  return entries.length > 0 ? entries.join(',') : NONE;
}

export const serviceColumns: KindColumns = {
  columns: [
    nameColumn,
    { header: 'TYPE', value: (svc) => text(field(svc, 'spec', 'type'), 'ClusterIP') },
    { header: 'CLUSTER-IP', value: (svc) => text(field(svc, 'spec', 'clusterIP')) },
    { header: 'EXTERNAL-IP', value: externalIp },
    { header: 'PORT(S)', value: ports },
    { header: 'AGE', value: (svc, context) => ageOf(svc.metadata.creationTimestamp, context.now) },
    { header: 'SELECTOR', value: (svc) => labelsText(field(svc, 'spec', 'selector')), wide: true },
  ],
};
