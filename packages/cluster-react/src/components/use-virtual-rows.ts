import {
  defaultRangeExtractor,
  observeElementRect,
  useVirtualizer,
  type Range,
} from '@tanstack/react-virtual';
import { useCallback, type RefObject } from 'react';

export interface VirtualRowsOptions {
  count: number;
  rowHeight: number;
  /** Height assumed until the scroll container has been measured (and where nothing lays out). */
  viewportHeight: number;
  scrollRef: RefObject<HTMLElement | null>;
  /** A row that must stay rendered (the active option: `aria-activedescendant` must point at an element). */
  pinned: number;
  overscan?: number;
}

/**
 * Windowing for long lists and tables (500 clusters, 100 000 rows): only the rows in view plus a
 * margin are in the DOM. A container without layout (server rendering, tests) is assumed to be
 * `viewportHeight` tall so it still renders a sensible window instead of a single row.
 */
export function useVirtualRows({
  count,
  rowHeight,
  viewportHeight,
  scrollRef,
  pinned,
  overscan = 8,
}: VirtualRowsOptions) {
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (pinned < 0 || pinned >= count || indexes.includes(pinned)) return indexes;
      return [...indexes, pinned].sort((a, b) => a - b);
    },
    [pinned, count],
  );
  // The virtualizer hands back a new object per render by design; it is only read here, never memoized.
  // eslint-disable-next-line react-hooks/incompatible-library
  return useVirtualizer<HTMLElement, HTMLElement>({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan,
    rangeExtractor,
    initialRect: { width: 0, height: viewportHeight },
    observeElementRect: (instance, notify) =>
      observeElementRect(instance, (rect) =>
        notify(rect.height > 0 ? rect : { width: rect.width, height: viewportHeight }),
      ),
  });
}
