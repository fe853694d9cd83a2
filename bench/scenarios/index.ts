import type { Scenario } from '../lib/scenario';
import { browserScenario } from './browser.bench';
import { detectionScenario } from './detection.bench';
import { fleetFaultsScenario } from './fleet-faults.bench';
import { fleetListScenario } from './fleet-list.bench';
import { sessionsScenario } from './sessions.bench';
import { statusScenario } from './status.bench';
import { testkitScenario } from './testkit.bench';
import { watchIngestScenario } from './watch-ingest.bench';

/** Every scenario `npm run bench` knows; the smoke test runs each of them at tiny size. */
export const scenarios: readonly Scenario[] = [
  testkitScenario,
  sessionsScenario,
  detectionScenario,
  statusScenario,
  fleetListScenario,
  fleetFaultsScenario,
  watchIngestScenario,
  browserScenario,
];
