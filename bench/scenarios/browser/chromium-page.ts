import type { Browser, Page } from 'playwright-core';
import type { BenchPage } from './page/protocol';

/** Room for a 100 000-row plain table and a 480 px virtual one. */
const VIEWPORT = { width: 1280, height: 800 };

/** A fresh page (its own browser context) on the benchmark page, its API loaded. */
export async function openBenchPage(browser: Browser, url: string): Promise<BenchSession> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.flotillaBench !== undefined);
  } catch (error) {
    await page.close();
    throw error;
  }
  return new BenchSession(page, errors);
}

/** Calls into the page's `window.flotillaBench`, failing with the page's own error when it threw. */
export class BenchSession {
  constructor(
    readonly page: Page,
    private readonly errors: string[],
  ) {}

  async call<K extends keyof BenchPage>(
    method: K,
    ...args: Parameters<BenchPage[K]>
  ): Promise<Awaited<ReturnType<BenchPage[K]>>> {
    try {
      const result: unknown = await this.page.evaluate(
        ({ name, value }) => {
          const api = window.flotillaBench as unknown as Record<string, (value: unknown) => unknown>;
          return api[name]?.(value);
        },
        { name: method as string, value: args[0] as unknown },
      );
      this.check();
      return result as Awaited<ReturnType<BenchPage[K]>>;
    } catch (error) {
      this.check();
      throw error;
    }
  }

  close(): Promise<void> {
    return this.page.close();
  }

  private check(): void {
    if (this.errors.length > 0) throw new Error(`the benchmark page failed: ${this.errors.join('; ')}`);
  }
}
