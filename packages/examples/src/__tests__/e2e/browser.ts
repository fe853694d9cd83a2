import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

/** Screenshots land here (git-ignored; CI keeps the folder as an artifact). */
export const ARTIFACTS = fileURLToPath(new URL('../../../../../artifacts/e2e', import.meta.url));

function findChromium(): string {
  const candidates = [process.env['FLOTILLA_CHROMIUM'], '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const candidate of candidates) if (candidate && existsSync(candidate)) return candidate;
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      'Chromium is required for the end-to-end tests and the browser benchmark: apt-get install -y chromium (or set FLOTILLA_CHROMIUM)',
    );
  }
}

/**
 * Debian's Chromium, headless, with the background services that would dial out or wake up switched
 * off. The browser benchmark launches it through here too.
 */
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

export function screenshotPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, `${name}.png`);
}
