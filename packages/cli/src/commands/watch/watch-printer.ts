import type { KubeObjectLike, ResolvedResource } from '@flotilla/cluster-core';
import { columnsFor, type Column } from '../../columns/index';
import type { OutputStream } from '../../cli-io';
import type { WatchFormat } from '../../options/formats';
import { paint, type Colors } from '../../output/colors';
import { toJSONLine } from '../../output/serialize';
import { COLUMN_GAP } from '../../output/table';
import { visibleWidth } from '../../output/text-width';
import type { WatchEventType } from './cluster-watch';

const EVENT_TONE = { ADDED: 'good', MODIFIED: undefined, DELETED: 'bad' } as const;

/**
 * Prints watch events. The first batch (every cluster's current objects) is held until `release()`
 * so the table starts aligned; later rows widen their columns as longer values arrive, as
 * `kubectl get -w` does. `json` prints one event per line at once.
 */
export class WatchPrinter {
  private columns: Column[] | null = null;
  private widths: number[] = [];
  private held: string[][] | null = [];

  constructor(
    private readonly stream: OutputStream,
    private readonly options: { format: WatchFormat; allNamespaces: boolean; colors: Colors },
  ) {}

  /** Fixes the columns from the first cluster that resolved the kind. */
  useResource(resource: ResolvedResource): void {
    if (this.columns || this.options.format === 'json') return;
    this.columns = columnsFor(resource, {
      allNamespaces: this.options.allNamespaces,
      wide: this.options.format === 'wide',
    });
    const headers = ['CLUSTER', 'EVENT', ...this.columns.map((c) => c.header)];
    if (this.held) this.held.unshift(headers);
    else this.line(headers);
  }

  /** Prints what was held, aligned; from now on rows are printed as they come. */
  release(): void {
    const held = this.held;
    if (!held) return;
    this.held = null;
    // EVENT is as wide as its longest value from the start, so the first MODIFIED shifts nothing.
    this.widths[1] = 'MODIFIED'.length;
    for (const cells of held)
      cells.forEach((cell, i) => (this.widths[i] = Math.max(this.widths[i] ?? 0, visibleWidth(cell))));
    for (const cells of held) this.line(cells);
  }

  event(
    type: WatchEventType,
    cluster: { clusterId: string; clusterName: string; label: string },
    object: KubeObjectLike,
    resource: ResolvedResource,
  ): void {
    if (this.options.format === 'json') {
      this.stream.write(
        toJSONLine({ type, clusterId: cluster.clusterId, clusterName: cluster.clusterName, object }),
      );
      return;
    }
    this.useResource(resource);
    const now = Date.now();
    const cells = (this.columns ?? []).map((column) => {
      const value = column.value(object, { now });
      return column.tone ? paint(this.options.colors, column.tone(value, object), value) : value;
    });
    const row = [cluster.label, paint(this.options.colors, EVENT_TONE[type], type), ...cells];
    if (this.held) this.held.push(row);
    else this.line(row);
  }

  private line(cells: readonly string[]): void {
    const padded = cells.map((cell, i) => {
      const width = visibleWidth(cell);
      this.widths[i] = Math.max(this.widths[i] ?? 0, width);
      return i === cells.length - 1
        ? cell
        : cell + ' '.repeat((this.widths[i] as number) - width + COLUMN_GAP);
    });
    this.stream.write(`${padded.join('')}\n`);
  }
}
