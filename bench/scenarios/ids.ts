/**
 * The short ids the benchmark plan gives the scenarios (P1 … P7); `npm run bench -- P1` runs the
 * scenario named here. The testkit scenario has no id: it measures our own test server.
 */
export const SCENARIO_IDS: Readonly<Record<string, string>> = {
  P1: 'fleet-list',
  P2: 'fleet-faults',
  P3: 'sessions',
  P4: 'watch-ingest',
  P5: 'detection',
  P6: 'browser',
  P7: 'status',
};

/** The id of a scenario, if it has one. */
export function scenarioId(name: string): string | undefined {
  return Object.keys(SCENARIO_IDS).find((id) => SCENARIO_IDS[id] === name);
}

/**
 * Turns command-line arguments (scenario names or ids, ids in any case) into scenario names, in
 * the order given and without repeats; arguments that name nothing known are returned apart.
 */
export function resolveScenarioArgs(
  args: readonly string[],
  known: readonly string[],
): { names: string[]; unknown: string[] } {
  const names: string[] = [];
  const unknown: string[] = [];
  for (const arg of args) {
    const name = known.includes(arg) ? arg : SCENARIO_IDS[arg.toUpperCase()];
    if (name === undefined || !known.includes(name)) unknown.push(arg);
    else if (!names.includes(name)) names.push(name);
  }
  return { names, unknown };
}
