import type { Browser } from 'playwright-core';
import { openBenchPage } from './chromium-page';
import type {
  MountSample,
  TableDataOptions,
  UpdateOptions,
  UpdateSample,
  UpdateSubject,
} from './page/protocol';

export interface TableRunSample {
  mount: MountSample;
  updates: UpdateSample;
}

/**
 * One subject in a fresh page: generate the pods (untimed), mount the subject (timed), then apply
 * updates at the given rate while recording frames.
 */
export async function tableRun(
  browser: Browser,
  url: string,
  subject: UpdateSubject,
  data: TableDataOptions,
  updates: UpdateOptions,
): Promise<TableRunSample> {
  const session = await openBenchPage(browser, url);
  try {
    await session.call('prepareTable', data);
    const mount = await session.call('mountTable', subject);
    return { mount, updates: await session.call('runUpdates', updates) };
  } finally {
    await session.close();
  }
}
