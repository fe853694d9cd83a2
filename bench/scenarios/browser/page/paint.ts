/**
 * When a frame was produced: requestAnimationFrame runs just before style, layout and paint, and a
 * task posted from it runs once they are done, so its time is when the main thread finished the
 * frame (compositing happens after, off the main thread).
 */
export function afterNextPaint(): Promise<number> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve(performance.now());
      };
      channel.port2.postMessage(null);
    });
  });
}

/**
 * Resolves with the time `ready()` first held, checked after every DOM change under `root` (a
 * MutationObserver runs right after React commits, before the frame is painted).
 */
export function whenDom(root: Element, ready: () => boolean, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    if (ready()) return resolve(performance.now());
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`the page did not reach the expected state within ${timeoutMs} ms`));
    }, timeoutMs);
    const observer = new MutationObserver(() => {
      if (!ready()) return;
      const at = performance.now();
      observer.disconnect();
      clearTimeout(timer);
      resolve(at);
    });
    observer.observe(root, { childList: true, subtree: true, attributes: true, characterData: true });
  });
}
