import { describe, expect, it } from 'vitest';
import { SCENARIO_IDS, resolveScenarioArgs, scenarioId } from '../scenarios/ids';
import { scenarios } from '../scenarios/index';

const known = scenarios.map((s) => s.name);

describe('scenario ids', () => {
  it('names a registered scenario for every id P1 … P7', () => {
    expect(Object.keys(SCENARIO_IDS)).toEqual(['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7']);
    for (const name of Object.values(SCENARIO_IDS)) expect(known).toContain(name);
    expect(scenarioId('sessions')).toBe('P3');
    expect(scenarioId('testkit')).toBeUndefined();
  });

  it('accepts names and ids in any case, keeps their order, drops repeats and returns unknown arguments', () => {
    expect(resolveScenarioArgs(['p4', 'status', 'P4', 'testkit'], known)).toEqual({
      names: ['watch-ingest', 'status', 'testkit'],
      unknown: [],
    });
    expect(resolveScenarioArgs(['P9', 'fleet'], known)).toEqual({ names: [], unknown: ['P9', 'fleet'] });
  });
});
