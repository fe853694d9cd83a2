import type { KubeObjectLike } from '@flotilla/cluster-core';
import { ageOf } from './age';
import { field, num, text, type CellContext, type KindColumns } from './column';

/** The newest of the timestamps an event may carry (series, last, event time, first, creation). */
function lastSeen(event: KubeObjectLike): unknown {
  return (
    field(event, 'series', 'lastObservedTime') ??
    field(event, 'lastTimestamp') ??
    field(event, 'eventTime') ??
    field(event, 'firstTimestamp') ??
    event.metadata.creationTimestamp
  );
}

/** `5m`, or `2m (x3 over 10m)` for an event seen several times, as kubectl prints it. */
function lastSeenText(event: KubeObjectLike, context: CellContext): string {
  const last = ageOf(lastSeen(event), context.now);
  const count = num(field(event, 'series', 'count')) || num(field(event, 'count'));
  const first = field(event, 'firstTimestamp') ?? field(event, 'eventTime');
  return count > 1 && first !== undefined ? `${last} (x${count} over ${ageOf(first, context.now)})` : last;
}

/** `pod/web-1`: the lower-cased kind and name of the object the event is about. */
function involved(event: KubeObjectLike): string {
  const kind = text(field(event, 'involvedObject', 'kind'), '');
  const name = text(field(event, 'involvedObject', 'name'), '');
  return kind ? `${kind.toLowerCase()}/${name}` : name;
}

function source(event: KubeObjectLike): string {
  const component =
    text(field(event, 'source', 'component'), '') || text(field(event, 'reportingComponent'), '');
  const host = text(field(event, 'source', 'host'), '');
  return [component, host].filter(Boolean).join(', ') || '<none>';
}

export const eventColumns: KindColumns = {
  columns: [
    { header: 'LAST SEEN', value: lastSeenText },
    {
      header: 'TYPE',
      value: (event) => text(field(event, 'type'), ''),
      tone: (value) => (value === 'Warning' ? 'warn' : undefined),
    },
    { header: 'REASON', value: (event) => text(field(event, 'reason'), '') },
    { header: 'OBJECT', value: involved },
    {
      header: 'SUBOBJECT',
      value: (event) => text(field(event, 'involvedObject', 'fieldPath'), ''),
      wide: true,
    },
    { header: 'SOURCE', value: source, wide: true },
    { header: 'MESSAGE', value: (event) => text(field(event, 'message'), '').replace(/\s*\n\s*/g, ' ') },
    {
      header: 'FIRST SEEN',
      value: (event, context) =>
        ageOf(field(event, 'firstTimestamp') ?? field(event, 'eventTime'), context.now),
      wide: true,
    },
    { header: 'COUNT', value: (event) => String(num(field(event, 'count')) || 1), wide: true },
    { header: 'NAME', value: (event) => event.metadata.name, wide: true },
  ],
};
