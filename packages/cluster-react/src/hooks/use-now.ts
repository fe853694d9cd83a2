import type { TimerHandle } from '@flotilla/cluster-core';
import { useEffect, useState } from 'react';
import { useFlotillaRuntime } from '../provider/FlotillaProvider';

/**
 * The provider clock's time, re-read on every whole second before `until` (a countdown target),
 * timed so the shown seconds change exactly when they should; idle when `until` is null or past.
 */
export function useNow(until: number | null): number {
  const { clock } = useFlotillaRuntime();
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => {
    if (until === null) return;
    let handle: TimerHandle | null = null;
    const tick = () => {
      const current = clock.now();
      setNow(current);
      const left = until - current;
      handle = left > 0 ? clock.setTimeout(tick, left % 1000 || 1000) : null;
    };
    // Start from the clock's present, not the time of the first render.
    handle = clock.setTimeout(tick, 0);
    return () => {
      if (handle !== null) clock.clearTimeout(handle);
    };
  }, [clock, until]);
  return now;
}
