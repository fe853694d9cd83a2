import type { Browser } from 'playwright-core';
import { openBenchPage } from './chromium-page';
import type { KeystrokeSample, TableSubject } from './page/protocol';

/**
 * One subject in a fresh page: mount the cluster list, then press each key in the search field
 * (real key events from the browser's input pipeline) and time it in the page.
 */
export async function switcherRun(
  browser: Browser,
  url: string,
  subject: TableSubject,
  clusters: number,
  keys: readonly string[],
): Promise<KeystrokeSample[]> {
  const session = await openBenchPage(browser, url);
  try {
    await session.call('prepareSwitcher', { clusters });
    await session.call('mountSwitcher', subject);
    const samples: KeystrokeSample[] = [];
    for (const key of keys) {
      await session.call('armKeystroke');
      await session.page.keyboard.press(key);
      samples.push(await session.call('keystroke'));
    }
    return samples;
  } finally {
    await session.close();
  }
}
