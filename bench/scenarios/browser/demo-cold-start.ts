import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** The demo's banner once it serves the console; the first whole URL after it opens the console. */
const BANNER = 'Flotilla demo console';
const CONSOLE_URL = /https?:\/\/\S+(?=\s)/;
const FIRST_ROW_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

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
  // Its own process group, so npm, tsx and the demo are stopped together.
  const child = spawn('npm', ['run', 'demo', '--', '--port', '0'], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4096)));
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    // The URL carries the console's access token in its fragment: it is used, never logged.
    const url = await printedUrl(child, startTimeoutMs, () => stderr);
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
    await stopGroup(child);
  }
}

function printedUrl(child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    const fail = (reason: string) => {
      clearTimeout(timer);
      reject(new Error(`npm run demo ${reason}\n${stderr().trim()}`));
    };
    const timer = setTimeout(() => fail(`printed no console URL within ${timeoutMs} ms`), timeoutMs);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const banner = stdout.indexOf(BANNER);
      const match = banner < 0 ? null : CONSOLE_URL.exec(stdout.slice(banner));
      if (!match) return;
      clearTimeout(timer);
      resolve(match[0]);
    });
    child.once('error', (error) => fail(`could not start: ${error.message}`));
    child.once('exit', (code, signal) => fail(`exited (${signal ?? code}) before printing its URL`));
  });
}

/** SIGTERM to the group (the demo closes its fleet and server), SIGKILL if it lingers. */
async function stopGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  // False once no process of the group is left (ESRCH).
  const signal = (name: NodeJS.Signals | 0) => {
    try {
      process.kill(-pid, name);
      return true;
    } catch {
      return false;
    }
  };
  if (!signal('SIGTERM')) return;
  const deadline = performance.now() + STOP_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (!signal(0)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  signal('SIGKILL');
}
