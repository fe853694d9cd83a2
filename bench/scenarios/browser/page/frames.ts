/**
 * Records the gaps between consecutive animation frames until stopped. Each frame is timed when
 * its callback runs, not by the timestamp requestAnimationFrame passes: headless Chromium keeps
 * that timestamp on the 60 Hz grid even when a busy main thread ran the frame late.
 */
export function recordFrames(): { stop(): number[] } {
  const gaps: number[] = [];
  let previous: number | null = null;
  let running = true;
  const frame = () => {
    if (!running) return;
    const now = performance.now();
    if (previous !== null) gaps.push(now - previous);
    previous = now;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  return {
    stop: () => {
      running = false;
      return gaps;
    },
  };
}
