import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (CI installs it); `FLOTILLA_CHROMIUM` points elsewhere. */
export function findChromium(): string {
  const candidates = [process.env['FLOTILLA_CHROMIUM'], '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const candidate of candidates) if (candidate && existsSync(candidate)) return candidate;
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      'the browser scenario needs Chromium: apt-get install -y chromium (or set FLOTILLA_CHROMIUM)',
    );
  }
}

/** Headless, with every background service that would dial out or wake up switched off. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-extensions',
    ],
  });
}

/** Browser version as `Chromium/NNN…`, for the result's parameters. */
export function browserVersion(browser: Browser): string {
  return `Chromium ${browser.version()}`;
}
