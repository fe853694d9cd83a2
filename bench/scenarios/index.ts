import type { Scenario } from '../lib/scenario';
import { detectionScenario } from './detection.bench';
import { sessionsScenario } from './sessions.bench';
import { statusScenario } from './status.bench';
import { testkitScenario } from './testkit.bench';

/** Every scenario `npm run bench` knows; the smoke test runs each of them at tiny size. */
export const scenarios: readonly Scenario[] = [
  testkitScenario,
  sessionsScenario,
  detectionScenario,
  statusScenario,
];
