import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { BUILTIN_RESOURCES, type SimulatedFleet } from '@flotilla/cluster-testkit';
import { startDemo, type Demo } from '../../demo/start-demo';
import { launchChromium, screenshotPath } from './browser';

const PODS = BUILTIN_RESOURCES.find((r) => r.plural === 'pods');

/** A pod written straight into a simulated cluster's store, as if a controller had created it. */
function createProbePod(fleet: SimulatedFleet, cluster: string, name: string): void {
  if (!PODS) throw new Error('no pods resource');
  fleet.cluster(cluster).store.create(PODS, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'e2e-probe' } },
    spec: {
      nodeName: 'worker-1',
      containers: [{ name: 'probe', image: 'registry.example.com/probe:1.0.0' }],
    },
    status: { phase: 'Running' },
  });
}

describe('the demo console in Chromium', () => {
  let demo: Demo;
  let browser: Browser;
  let page: Page;
  let fleet: SimulatedFleet;

  beforeAll(async () => {
    demo = await startDemo({
      port: 0,
      clusters: 3,
      podsPerCluster: 30,
      churnPerSecond: 0,
      // Production policies on a shorter clock, so a failure shows within test time; after its
      // attempts an auth failure waits a minute, so recovery below comes from the Retry button.
      session: {
        heartbeat: { intervalMs: 1_000, timeoutMs: 1_500, jitter: 0.1 },
        authRecovery: {
          authRetryDelaysMs: [0, 500, 1_000, 1_500],
          steadyReprobeMs: 60_000,
          connectivityReprobeMs: 1_000,
          probeTimeoutMs: 1_500,
        },
      },
    });
    fleet = demo.simulated as SimulatedFleet;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(demo.consoleUrl);
    await page.getByRole('tab', { name: 'Overview' }).waitFor();
    expect(errors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('loads with every cluster listed and none selected for the user', async () => {
    const clusters = page.getByRole('listbox', { name: 'Clusters' });
    for (const name of ['sim-1', 'sim-2', 'sim-3'])
      await expect
        .poll(() => clusters.getByRole('option', { name: new RegExp(`^${name}\\b`) }).count())
        .toBe(1);
    await expect
      .poll(() => page.locator('.console-indicator').textContent())
      .toContain('No cluster selected');
    const grid = page.getByRole('listbox', { name: 'Cluster health' });
    await expect.poll(() => grid.getByText('Healthy').count(), { timeout: 20_000 }).toBe(3);
    await page.screenshot({ path: screenshotPath('01-loaded') });
  });

  it('moves the status indicator with the selected cluster', async () => {
    const clusters = page.getByRole('listbox', { name: 'Clusters' });
    await clusters.getByRole('option', { name: /^sim-2\b/ }).click();
    await expect.poll(() => page.locator('.console-indicator').textContent()).toContain('sim-2');
    await clusters.getByRole('option', { name: /^sim-1\b/ }).click();
    await expect.poll(() => page.locator('.console-indicator').textContent()).toContain('sim-1');
    await expect.poll(() => demo.manager.activeClusterId).toBe(demo.manager.list()[0]?.clusterId);
    await page.screenshot({ path: screenshotPath('02-switched') });
  });

  it("shows B's auth notice while A's pods keep updating, and Retry recovers B only", async () => {
    await page.getByRole('tab', { name: 'Pods' }).click();
    await page.getByRole('searchbox', { name: /filter pods/i }).fill('e2e-probe');

    fleet.cluster('sim-2').faults.revokeToken('admin');
    const notice = page.getByRole('alert').filter({ hasText: 'sim-2' });
    await notice.waitFor({ timeout: 20_000 });
    await expect
      .poll(() => notice.textContent(), { timeout: 20_000 })
      .toMatch(/Authentication failed for sim-2/);

    createProbePod(fleet, 'sim-1', 'e2e-probe-during-auth-failure');
    await page.getByRole('row', { name: /e2e-probe-during-auth-failure/ }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole('alert').filter({ hasText: 'sim-1' }).count()).toBe(0);
    expect(await page.getByRole('alert').filter({ hasText: 'sim-3' }).count()).toBe(0);
    await page.screenshot({ path: screenshotPath('03-auth-failed') });

    const sim1Probes = demo.manager.list().find((s) => s.clusterName === 'sim-1')?.authRecovery;
    fleet.cluster('sim-2').faults.restoreToken('admin');
    await notice.getByRole('button', { name: 'Retry sim-2 now' }).click();
    await expect
      .poll(() => page.getByRole('alert').filter({ hasText: 'sim-2' }).count(), { timeout: 15_000 })
      .toBe(0);
    const snapshots = Object.fromEntries(demo.manager.list().map((s) => [s.clusterName, s.getSnapshot()]));
    expect(snapshots['sim-2']?.auth).toBe('valid');
    expect(snapshots['sim-1']?.auth).toBe('valid');
    expect(sim1Probes?.isActive()).toBe(false);
    await page.screenshot({ path: screenshotPath('04-recovered') });
  });

  it('shows a hung cluster degraded while the others keep serving', async () => {
    fleet.cluster('sim-3').faults.hang();
    try {
      await page.getByRole('tab', { name: 'Overview' }).click();
      const grid = page.getByRole('listbox', { name: 'Cluster health' });
      const sim3 = grid.getByRole('option', { name: /sim-3/ });
      await expect
        .poll(() => sim3.textContent(), { timeout: 20_000 })
        .toMatch(/Degraded|Unreachable|Reconnecting/i);
      expect(await grid.getByRole('option', { name: /sim-1/ }).textContent()).toMatch(/Healthy/);

      await page.getByRole('tab', { name: 'Pods' }).click();
      await page.getByRole('searchbox', { name: /filter pods/i }).fill('e2e-probe');
      createProbePod(fleet, 'sim-1', 'e2e-probe-during-hang');
      await page.getByRole('row', { name: /e2e-probe-during-hang/ }).waitFor({ timeout: 15_000 });
      await expect
        .poll(() => page.locator('[data-partial="true"]').first().textContent(), { timeout: 20_000 })
        .toMatch(/sim-3/);
      await page.screenshot({ path: screenshotPath('05-hung') });
    } finally {
      await fleet.cluster('sim-3').faults.heal();
    }
  });

  it("follows a pod's log from its own cluster", async () => {
    createProbePod(fleet, 'sim-2', 'e2e-probe-logs');
    await page.getByRole('tab', { name: 'Pods' }).click();
    await page.getByRole('searchbox', { name: /filter pods/i }).fill('e2e-probe-logs');
    const row = page.getByRole('row', { name: /e2e-probe-logs/ });
    await row.waitFor({ timeout: 15_000 });
    await row.getByRole('button', { name: 'Logs' }).click();
    const logs = page.getByRole('region', { name: 'Logs of sim-2 / default / e2e-probe-logs' });
    await expect
      .poll(() => logs.locator('pre').textContent(), { timeout: 15_000 })
      .toContain('pod=e2e-probe-logs container=probe');
    await page.screenshot({ path: screenshotPath('06-logs') });
    await logs.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => logs.count()).toBe(0);
  });

  it('cordons and drains worker-1 of one cluster only, with the job naming its cluster', async () => {
    const nodes = BUILTIN_RESOURCES.find((r) => r.plural === 'nodes');
    const budgets = BUILTIN_RESOURCES.find((r) => r.plural === 'poddisruptionbudgets');
    if (!nodes || !budgets || !PODS) throw new Error('missing built-in resources');
    const cordoned = (cluster: string) =>
      (
        fleet.cluster(cluster).store.get(nodes, undefined, 'worker-1')?.['spec'] as
          { unschedulable?: boolean } | undefined
      )?.unschedulable === true;
    const podsOnWorker1 = (cluster: string) =>
      fleet
        .cluster(cluster)
        .store.list(PODS)
        .items.filter((pod) => (pod['spec'] as { nodeName?: string } | undefined)?.nodeName === 'worker-1')
        .length;
    const [sim1Pods, sim2Pods] = [podsOnWorker1('sim-1'), podsOnWorker1('sim-2')];
    expect(sim2Pods).toBeGreaterThan(0);

    await page.getByRole('tab', { name: 'Nodes' }).click();
    await page.getByRole('searchbox', { name: /filter nodes/i }).fill('worker-1');
    await page.getByRole('button', { name: 'Cordon worker-1 in sim-1' }).click({ timeout: 15_000 });
    await expect.poll(() => cordoned('sim-1'), { timeout: 15_000 }).toBe(true);
    await page.getByRole('button', { name: 'Uncordon worker-1 in sim-1' }).waitFor({ timeout: 15_000 });
    expect(cordoned('sim-2')).toBe(false);
    expect(cordoned('sim-3')).toBe(false);

    // The seeded disruption budgets would hold the drain until its deadline, as they would hold
    // kubectl drain; sim-1 drops them so the drain can finish.
    const store = fleet.cluster('sim-1').store;
    for (const pdb of store.list(budgets).items)
      store.delete(budgets, pdb.metadata.namespace, pdb.metadata.name);
    await page.getByRole('button', { name: 'Drain worker-1 in sim-1' }).click();
    const jobs = page.getByRole('region', { name: 'Drain jobs' });
    await expect
      .poll(() => jobs.textContent(), { timeout: 30_000 })
      .toMatch(/sim-1 \/ worker-1: completed — [1-9]\d* evicted, 0 remaining/);
    expect(await jobs.textContent()).not.toMatch(/sim-[23]/);
    // DaemonSet pods stay, as with kubectl drain --ignore-daemonsets.
    expect(podsOnWorker1('sim-1')).toBeLessThan(sim1Pods);
    expect(podsOnWorker1('sim-2')).toBe(sim2Pods);
    expect(cordoned('sim-2')).toBe(false);
    await page.screenshot({ path: screenshotPath('07-drained') });

    await page.getByRole('button', { name: 'Uncordon worker-1 in sim-1' }).click();
    await expect.poll(() => cordoned('sim-1'), { timeout: 15_000 }).toBe(false);
  });

  it('exports a report with a section for every cluster', async () => {
    await page.getByRole('tab', { name: 'Export' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      page.getByRole('button', { name: 'Pods in every cluster as Markdown' }).click(),
    ]);
    const text = await readFile(await download.path(), 'utf8');
    expect(download.suggestedFilename()).toMatch(/\.md$/);
    for (const name of ['sim-1', 'sim-2', 'sim-3']) expect(text).toContain(name);
    expect(text).not.toContain(fleet.cluster('sim-1').tokenFor('admin'));
    await page.screenshot({ path: screenshotPath('08-exported') });
  });

  it('keeps per-cluster preferences across a reload', async () => {
    await page
      .getByRole('listbox', { name: 'Clusters' })
      .getByRole('option', { name: /^sim-3\b/ })
      .click();
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.getByRole('textbox', { name: 'Group' }).fill('canary');
    await page.reload();
    const clusters = page.getByRole('listbox', { name: 'Clusters' });
    await clusters.waitFor();
    await expect.poll(() => clusters.textContent()).toMatch(/canary/i);
    // Set under sim-3 only: the other clusters keep their own groups.
    await page.getByRole('tab', { name: 'Overview' }).click();
    await expect.poll(() => page.getByRole('textbox', { name: 'Group' }).inputValue()).toBe('canary');
    await clusters.getByRole('option', { name: /^sim-1\b/ }).click();
    await expect.poll(() => page.getByRole('textbox', { name: 'Group' }).inputValue()).toBe('');
    await page.screenshot({ path: screenshotPath('09-preferences') });
  });
});
