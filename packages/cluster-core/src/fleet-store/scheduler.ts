import { systemClock, type Clock } from '../clock';

/**
 * Runs `flush` later, once. The store calls it at most once per batch, so everything that happens
 * before the flush runs reaches subscribers as one notification.
 */
export type NotifyScheduler = (flush: () => void) => void;

/** Batches what happens in one tick (one socket chunk, one relist). */
export const microtaskScheduler: NotifyScheduler = (flush) => {
  globalThis.queueMicrotask(flush);
};

/**
 * Batches over a time window, so a watch delivering 1,000 events per second in separate chunks
 * notifies at most `1000 / ms` times per second rather than 1,000.
 */
export function timeoutScheduler(ms = 16, clock: Clock = systemClock): NotifyScheduler {
  return (flush) => {
    clock.setTimeout(flush, ms);
  };
}
