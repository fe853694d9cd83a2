import type { Browser } from 'playwright-core';

// The same Chromium, launched the same way, as the console's end-to-end tests.
export { launchChromium } from '../../../packages/examples/src/__tests__/e2e/browser';

/** Browser version as `Chromium/NNN…`, for the result's parameters. */
export function browserVersion(browser: Browser): string {
  return `Chromium ${browser.version()}`;
}
