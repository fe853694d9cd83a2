import type { KubeObjectLike } from '@flotilla/cluster-core';
import { ageOf } from './age';
import { field, labelsText, list, nameColumn, NONE, num, type KindColumns } from './column';

const containers = (deployment: KubeObjectLike) =>
  list(field(deployment, 'spec', 'template', 'spec', 'containers'));

function ready(deployment: KubeObjectLike): string {
  const desired = field(deployment, 'spec', 'replicas');
  return `${num(field(deployment, 'status', 'readyReplicas'))}/${typeof desired === 'number' ? desired : 1}`;
}

const joined = (values: unknown[]): string =>
  values.filter((v): v is string => typeof v === 'string' && v !== '').join(',') || NONE;

export const deploymentColumns: KindColumns = {
  columns: [
    nameColumn,
    {
      header: 'READY',
      value: ready,
      tone: (value) => {
        const [have, want] = value.split('/');
        return have === want ? 'good' : 'warn';
      },
    },
    { header: 'UP-TO-DATE', value: (d) => String(num(field(d, 'status', 'updatedReplicas'))) },
    { header: 'AVAILABLE', value: (d) => String(num(field(d, 'status', 'availableReplicas'))) },
    { header: 'AGE', value: (d, context) => ageOf(d.metadata.creationTimestamp, context.now) },
    { header: 'CONTAINERS', value: (d) => joined(containers(d).map((c) => field(c, 'name'))), wide: true },
    { header: 'IMAGES', value: (d) => joined(containers(d).map((c) => field(c, 'image'))), wide: true },
    { header: 'SELECTOR', value: (d) => labelsText(field(d, 'spec', 'selector', 'matchLabels')), wide: true },
  ],
  summary: ready,
};
