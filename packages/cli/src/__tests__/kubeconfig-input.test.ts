import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type CliIO } from '../index';

let dir: string;
let home: string;
let fileA: string;
let fileB: string;

const kubeconfig = (context: string) =>
  [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `  - name: ${context}`,
    '    cluster: { server: "https://10.1.2.3:6443" }',
    'users:',
    '  - name: admin',
    '    user: { token: not-a-real-token }',
    'contexts:',
    `  - name: ${context}`,
    `    context: { cluster: ${context}, user: admin }`,
    '',
  ].join('\n');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flotilla-cli-kubeconfig-'));
  home = join(dir, 'home');
  await mkdir(join(home, '.kube'), { recursive: true });
  fileA = join(dir, 'a.yaml');
  fileB = join(dir, 'b.yaml');
  await writeFile(fileA, kubeconfig('ctx-a'), { mode: 0o600 });
  await writeFile(fileB, kubeconfig('ctx-b'), { mode: 0o600 });
  await writeFile(join(home, '.kube', 'config'), kubeconfig('ctx-home'), { mode: 0o600 });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The context names `flotilla contexts` lists (it reads files only, contacting no cluster). */
async function contextNames(flags: readonly string[], env: Record<string, string>): Promise<string[]> {
  let stdout = '';
  const io: CliIO = {
    stdout: { write: (text: string) => ((stdout += text), true) },
    stderr: { write: () => true },
    env: { HOME: home, ...env },
    onInterrupt: () => () => undefined,
  };
  expect(await run(['contexts', '-o', 'json', ...flags], io)).toBe(0);
  const document = JSON.parse(stdout) as { contexts: Array<{ name: string }> };
  return document.contexts.map((context) => context.name);
}

describe('which kubeconfig files are read, as kubectl reads them', () => {
  it('reads every file of $KUBECONFIG', async () => {
    expect(await contextNames([], { KUBECONFIG: [fileA, fileB].join(delimiter) })).toEqual([
      'ctx-a',
      'ctx-b',
    ]);
  });

  it('prefers --kubeconfig over $KUBECONFIG', async () => {
    expect(await contextNames(['--kubeconfig', fileB], { KUBECONFIG: fileA })).toEqual(['ctx-b']);
  });

  it('falls back to ~/.kube/config without either, or with an empty $KUBECONFIG', async () => {
    expect(await contextNames([], {})).toEqual(['ctx-home']);
    expect(await contextNames([], { KUBECONFIG: '' })).toEqual(['ctx-home']);
  });
});
