import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMetrics } from '../lib/load';
import { runRounds } from '../lib/rounds';
import type { Scenario, ScenarioOptions, ScenarioResult } from '../lib/scenario';
import { browserVersion, launchChromium } from './browser/chromium';
import { demoColdStart, type DemoColdStart } from './browser/demo-cold-start';
import { servePage } from './browser/page-server';
import type { KeystrokeSample } from './browser/page/protocol';
import {
  browserReport,
  DEMO,
  NO_TABLE,
  OUR_SWITCHER,
  OURS,
  PLAIN,
  PLAIN_LIST,
  TARGETS,
} from './browser/report';
import { switcherRun } from './browser/switcher-runs';
import { tableRun, type TableRunSample } from './browser/table-runs';

/** Type a cluster name's prefix, then delete it again: the list narrows, then widens back to all. */
const TYPED = [...'prod-eu'];
const FULL_KEYS = [...TYPED, ...TYPED.map(() => 'Backspace')];

const SIZES = {
  full: {
    rows: 100_000,
    clusters: 500,
    warmupRows: 2_000,
    updatesPerSecond: 1_000,
    updateMs: 5_000,
    idleMs: 1_000,
    switcherClusters: 500,
    keys: FULL_KEYS,
    warmup: 1,
    runs: 5,
    demoWarmup: 1,
    demoRuns: 5,
    demoStartTimeoutMs: 120_000,
  },
  smoke: {
    rows: 1_000,
    clusters: 10,
    warmupRows: 100,
    updatesPerSecond: 1_000,
    updateMs: 250,
    idleMs: 100,
    switcherClusters: 30,
    keys: ['p', 'Backspace'],
    warmup: 0,
    runs: 1,
    demoWarmup: 0,
    demoRuns: 1,
    // Fails well inside the smoke test's own timeout, with the demo's stderr in the message.
    demoStartTimeoutMs: 60_000,
  },
} as const;

export const browserScenario: Scenario = {
  name: 'browser',
  title: 'Browser: FleetResourceTable, ClusterSwitcher and demo cold start',
  description: [
    `Our React components in headless Chromium (Debian's, driven by playwright-core), on a page built by Vite in production mode and fed by the in-memory fixture client.`,
    `FleetResourceTable with ${SIZES.full.rows.toLocaleString('en-US')} pods across ${SIZES.full.clusters} clusters: time from mount to the first rows painted (target < ${TARGETS.mountMs} ms), and frame gaps under ${SIZES.full.updatesPerSecond.toLocaleString('en-US')} pod updates per second for ${SIZES.full.updateMs / 1000} s (target p95 < ${TARGETS.frameMs} ms), against a plain React table rendering every row (and the same page with no table, to show what the fixture feed costs by itself).`,
    `ClusterSwitcher with ${SIZES.full.switcherClusters} clusters: time from each keystroke in its search field to the filtered list painted (target < ${TARGETS.keystrokeMs} ms), against a plain filtered list.`,
    `And the demo's cold start: spawn of \`npm run demo\` to the first cluster row painted in the console (target < ${TARGETS.demoMs / 1000} s).`,
  ].join(' '),
  async run(options: ScenarioOptions): Promise<ScenarioResult> {
    const size = SIZES[options.size];
    const log = options.log ?? (() => undefined);
    const loadAtStart = loadMetrics('start');
    const dir = await mkdtemp(join(tmpdir(), 'flotilla-bench-browser-'));
    const server = await servePage(join(dir, 'page'));
    const browser = await launchChromium();
    try {
      log(`  page built in ${Math.round(server.buildMs)} ms, ${browserVersion(browser)}`);
      const data = { rows: size.rows, clusters: size.clusters, warmupRows: size.warmupRows };
      const updates = {
        ratePerSecond: size.updatesPerSecond,
        durationMs: size.updateMs,
        idleMs: size.idleMs,
      };
      const tableSubject = (name: string, subject: 'ours' | 'plain' | 'none') => ({
        name,
        run: () => tableRun(browser, server.url, subject, data, updates),
      });
      const [ours, plain, none] = await runRounds<TableRunSample>({
        warmup: size.warmup,
        runs: size.runs,
        subjects: [tableSubject(OURS, 'ours'), tableSubject(PLAIN, 'plain'), tableSubject(NO_TABLE, 'none')],
        onRun: (name, round, sample, warmup) =>
          log(
            `  table round ${round}${warmup ? ' (warm-up)' : ''} ${name}: mount ${Math.round(sample.mount.paintedMs)} ms, ${sample.updates.gapsMs.length} frames`,
          ),
      });
      const switcherSubject = (name: string, subject: 'ours' | 'plain') => ({
        name,
        run: () => switcherRun(browser, server.url, subject, size.switcherClusters, size.keys),
      });
      const [oursKeys, plainKeys] = await runRounds<KeystrokeSample[]>({
        warmup: size.warmup,
        runs: size.runs,
        subjects: [switcherSubject(OUR_SWITCHER, 'ours'), switcherSubject(PLAIN_LIST, 'plain')],
        onRun: (name, round, sample, warmup) =>
          log(
            `  switcher round ${round}${warmup ? ' (warm-up)' : ''} ${name}: ${sample.map((k) => Math.round(k.paintedMs)).join(' ')} ms`,
          ),
      });
      const [demo] = await runRounds<DemoColdStart>({
        warmup: size.demoWarmup,
        runs: size.demoRuns,
        subjects: [{ name: DEMO, run: () => demoColdStart(browser, size.demoStartTimeoutMs) }],
        onRun: (_name, round, sample, warmup) =>
          log(
            `  demo run ${round}${warmup ? ' (warm-up)' : ''}: first row at ${Math.round(sample.firstRowMs)} ms`,
          ),
      });
      if (!ours || !plain || !none || !oursKeys || !plainKeys || !demo)
        throw new Error('runRounds lost a subject');

      const report = browserReport(size, {
        table: { ours: ours.samples, plain: plain.samples, none: none.samples },
        keys: { ours: oursKeys.samples, plain: plainKeys.samples },
        demo: demo.samples,
      });
      return {
        parameters: {
          rows: size.rows,
          clusters: size.clusters,
          warmupRows: size.warmupRows,
          updatesPerSecond: size.updatesPerSecond,
          updateMs: size.updateMs,
          idleMs: size.idleMs,
          switcherClusters: size.switcherClusters,
          keys: size.keys.map((key) => (key.length === 1 ? key : `[${key}]`)).join(''),
          warmup: size.warmup,
          runs: size.runs,
          demoWarmup: size.demoWarmup,
          demoRuns: size.demoRuns,
          browser: browserVersion(browser),
        },
        rows: report.rows,
        ratios: report.ratios,
        metrics: [
          ...report.metrics,
          {
            name: 'benchmark page bundle (JS + CSS, minified)',
            value: server.bundleBytes / 1024,
            unit: 'KiB',
          },
          ...loadAtStart,
          ...loadMetrics('end'),
        ],
        notes: [
          ...report.notes,
          options.size === 'full'
            ? 'Other engineers share this machine (2 cores); the load averages at the start and end of the run are listed above. Interleaving makes drift hit all subjects alike, but single runs vary.'
            : 'Smoke size: tiny tables, one round and one demo start only prove the scenario runs; only full-size results say anything about speed.',
        ],
      };
    } finally {
      await browser.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
