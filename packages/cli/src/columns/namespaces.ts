import { ageOf } from './age';
import { field, nameColumn, text, type KindColumns } from './column';

export const namespaceColumns: KindColumns = {
  columns: [
    nameColumn,
    {
      header: 'STATUS',
      value: (ns) => text(field(ns, 'status', 'phase'), 'Active'),
      tone: (value) => (value === 'Active' ? undefined : 'warn'),
    },
    { header: 'AGE', value: (ns, context) => ageOf(ns.metadata.creationTimestamp, context.now) },
  ],
  summary: (ns) => text(field(ns, 'status', 'phase'), 'Active'),
};
