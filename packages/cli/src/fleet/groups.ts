import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ClusterPreferences } from '@flotilla/cluster-core';
import { flotillaConfigDir, PREFERENCES_SCHEMA_VERSION } from '@flotilla/cluster-core/node';
import { UsageError } from '../usage-error';

/** The per-cluster preference the Flotilla UI files clusters into groups with. */
const GROUPS_KEY = 'cluster:groups';

/** Where Flotilla's preferences live for this environment (`$XDG_CONFIG_HOME/flotilla/preferences.json` …). */
export function preferencesPath(env: Readonly<Record<string, string | undefined>>): string {
  return path.join(flotillaConfigDir(env), 'preferences.json');
}

/**
 * The ids of the clusters filed under `group` in Flotilla's preferences (the `cluster:groups`
 * preference the UI sets), read without changing the file: a command line tool must not move a
 * broken preferences file aside the way the long-running UI does.
 */
export async function clustersInGroup(
  group: string,
  clusterIds: readonly string[],
  file: string,
): Promise<Set<string>> {
  const values = await readPreferenceValues(file);
  const known = new Set<string>();
  const members = new Set<string>();
  for (const id of clusterIds) {
    const groups = values[ClusterPreferences.key(GROUPS_KEY, id)];
    if (!Array.isArray(groups)) continue;
    for (const name of groups) if (typeof name === 'string') known.add(name);
    if (groups.includes(group)) members.add(id);
  }
  if (members.size === 0) {
    const list = [...known].sort();
    throw new UsageError(
      `no cluster is in group "${group}" (groups come from ${file}` +
        (list.length > 0
          ? `; groups of these clusters: ${list.join(', ')})`
          : '; none is set for these clusters)'),
    );
  }
  return members;
}

async function readPreferenceValues(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') return {};
    throw new UsageError(
      `cannot read cluster groups from ${file}: ${typeof code === 'string' ? code : 'unknown error'}`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new UsageError(`cannot read cluster groups: ${file} is not valid JSON`);
  }
  const { schemaVersion, values } = (doc ?? {}) as { schemaVersion?: unknown; values?: unknown };
  if (schemaVersion !== PREFERENCES_SCHEMA_VERSION || typeof values !== 'object' || values === null) {
    throw new UsageError(
      `cannot read cluster groups: ${file} is not a Flotilla preferences file of schema ${PREFERENCES_SCHEMA_VERSION}`,
    );
  }
  return values as Record<string, unknown>;
}
