import { systemClock, type Clock, type TimerHandle } from '@flotilla/cluster-core';
import type { OutputStream } from '../cli-io';

/** Progress of a fan-out over clusters: drawn on stderr only for a terminal and a slow operation. */
export interface Progress {
  /** One more cluster finished. */
  tick(done: number, total: number): void;
  /** Removes the bar (if one was drawn) before results are printed. */
  stop(): void;
}

export interface ProgressOptions {
  stream: OutputStream;
  total: number;
  label: string;
  /** The bar appears only if the operation is still running after this long. Default 300 ms. */
  delayMs?: number;
  clock?: Clock;
}

interface Bar {
  update(value: number): void;
  stop(): void;
}

const silent: Progress = { tick: () => undefined, stop: () => undefined };

/**
 * A progress bar that stays out of the way: nothing on a pipe or a file (scripts read stderr too),
 * nothing for operations that finish within `delayMs`, and cleared before results are printed. The
 * bar library is loaded only when a bar is actually drawn.
 */
export function startProgress(options: ProgressOptions): Progress {
  if (options.stream.isTTY !== true || options.total === 0) return silent;
  const clock = options.clock ?? systemClock;
  let done = 0;
  let bar: Bar | null = null;
  let stopped = false;
  const timer: TimerHandle = clock.setTimeout(() => {
    void import('cli-progress').then(({ default: progress }) => {
      if (stopped) return;
      const created = new progress.SingleBar(
        {
          stream: options.stream as unknown as NodeJS.WritableStream,
          format: `${options.label} [{bar}] {value}/{total} clusters`,
          clearOnComplete: true,
          hideCursor: true,
          noTTYOutput: false,
          barsize: 24,
        },
        progress.Presets.shades_classic,
      );
      created.start(options.total, done);
      bar = created;
    });
  }, options.delayMs ?? 300);
  return {
    tick(value) {
      done = value;
      bar?.update(value);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clock.clearTimeout(timer);
      bar?.stop();
      bar = null;
    },
  };
}
