import type { Browser } from 'playwright-core';
import { DemoProcess } from './demo-process';

const FIRST_ROW_TIMEOUT_MS = 60_000;

/**
 * Installed before the console's scripts run: notes (as epoch ms, comparable across processes)
 * when the first option of the cluster switcher is in the DOM and when the frame showing it was
 * produced. A string, so no bundler helper leaks into the page.
 */
const FIRST_ROW_PROBE = `(() => {
  const selector = '[role="listbox"][aria-label="Clusters"] [role="option"]';
  const epoch = () => performance.timeOrigin + performance.now();
  const observer = new MutationObserver(() => {
    if (!document.querySelector(selector)) return;
    observer.disconnect();
    window.__flotillaFirstRowInDom = epoch();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { window.__flotillaFirstRowPainted = epoch(); };
      channel.port2.postMessage(null);
    });
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

export interface DemoColdStart {
  /** Spawn until the console's URL was printed (fleet started, console built, server listening). */
  urlMs: number;
  /** Spawn until the frame showing the first cluster row was produced. */
  firstRowMs: number;
  /** Navigation until that frame. */
  pageMs: number;
}

const epochNow = () => performance.timeOrigin + performance.now();

/** `npm run demo -- --port 0`, as a user starts it, opened in a fresh page; stopped before returning. */
export async function demoColdStart(browser: Browser, startTimeoutMs: number): Promise<DemoColdStart> {
  const started = epochNow();
  const demo = new DemoProcess();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    const url = await demo.consoleUrl(startTimeoutMs);
    const printed = epochNow();
    await page.addInitScript(FIRST_ROW_PROBE);
    const navigated = epochNow();
    await page.goto(url);
    const painted = await page.waitForFunction(
      () => (window as unknown as { __flotillaFirstRowPainted?: number }).__flotillaFirstRowPainted,
      undefined,
      { timeout: FIRST_ROW_TIMEOUT_MS, polling: 50 },
    );
    const paintedAt = (await painted.jsonValue()) as number;
    return { urlMs: printed - started, firstRowMs: paintedAt - started, pageMs: paintedAt - navigated };
  } finally {
    await page.close();
    await demo.stop();
  }
}
