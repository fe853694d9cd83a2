import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli';
import { startTestFleet, type TestFleet } from './helpers/fleet';

let fleet: TestFleet;
let broken: string;
let unreadable: string;

beforeAll(async () => {
  fleet = await startTestFleet({ clusters: 2, execCredentialClusters: ['sim-2'] });
  broken = join(fleet.dir, 'broken.yaml');
  // One context names a cluster no file defines; one uses a removed auth provider.
  await writeFile(
    broken,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '  - name: lab',
      '    cluster: { server: "https://10.1.2.3:6443" }',
      'users:',
      '  - name: old-gke',
      '    user: { auth-provider: { name: gcp } }',
      'contexts:',
      '  - name: orphan',
      '    context: { cluster: nowhere, user: old-gke }',
      '  - name: legacy',
      '    context: { cluster: lab, user: old-gke, namespace: web }',
      '',
    ].join('\n'),
  );
  unreadable = join(fleet.dir, 'garbage.yaml');
  await writeFile(unreadable, 'clusters: [ this is : not yaml');
});

afterAll(async () => {
  await fleet?.stop();
});

describe('flotilla contexts', () => {
  it('lists every context with its server, user kind and file, and the broken ones with their error', async () => {
    const kubeconfig = [fleet.kubeconfig, broken, unreadable].join(':');
    const [table, json] = await Promise.all([
      runCli(['contexts', '--kubeconfig', kubeconfig]),
      runCli(['contexts', '--kubeconfig', kubeconfig, '-o', 'json']),
    ]);
    expect(table.code).toBe(3);
    const [header, ...rows] = table.stdout.trimEnd().split('\n');
    expect(header?.split(/\s{2,}/)).toEqual(['NAME', 'SERVER', 'USER', 'NAMESPACE', 'FILE', 'STATUS']);
    expect(rows[0]).toMatch(
      new RegExp(`^sim-1\\s+https://127\\.0\\.0\\.1:\\d+\\s+token\\s+-\\s+${fleet.kubeconfig}\\s+ok$`),
    );
    expect(rows[1]).toMatch(/^sim-2\s+https:\/\/127\.0\.0\.1:\d+\s+exec \(\S+\)\s+-\s+\S+\s+ok$/);
    expect(rows[2]).toMatch(
      new RegExp(
        `^legacy\\s+https://10\\.1\\.2\\.3:6443\\s+auth-provider \\(gcp\\)\\s+web\\s+${broken}\\s+config: .*gcp`,
      ),
    );
    expect(rows[3]).toMatch(new RegExp(`^orphan\\s+-\\s+-\\s+-\\s+${broken}\\s+config: .*"nowhere"`));
    expect(table.stderr).toContain(`error: kubeconfig ${unreadable}: config:`);
    // Listing contexts contacts no cluster and runs no credential plugin.
    expect(await fleet.fleet.execPlugin.invocations('sim-2')).toBe(0);
    for (const cluster of fleet.fleet.clusters) expect(cluster.requestLog.all()).toEqual([]);

    const document = JSON.parse(json.stdout) as {
      contexts: Array<{ clusterId: string; name: string; error: string | null }>;
      fileErrors: Array<{ file: string }>;
    };
    expect(document.contexts.map((c) => [c.name, c.error === null])).toEqual([
      ['sim-1', true],
      ['sim-2', true],
      ['legacy', false],
      ['orphan', false],
    ]);
    expect(document.contexts[0]?.clusterId).toBe(`${fleet.kubeconfig}:sim-1`);
    expect(document.fileErrors.map((e) => e.file)).toEqual([unreadable]);
    // The user kind is named, never its credential.
    const token = fleet.cluster('sim-1').tokenFor('admin');
    expect(json.stdout).not.toContain(token);
    expect(table.stdout).not.toContain(token);
  }, 60_000);
});
