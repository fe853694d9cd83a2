import { ageOf } from './age';
import { nameColumn, type KindColumns } from './column';

/** Any kind without columns of its own: NAME and AGE, as kubectl shows a kind it has no printer for. */
export const genericColumns: KindColumns = {
  columns: [
    nameColumn,
    { header: 'AGE', value: (object, context) => ageOf(object.metadata.creationTimestamp, context.now) },
  ],
};
